"""A visit records, per need, how often, the skills wanted, the day and the time of day; a need is edited until
it is answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dictionaries.models import Skill
from needs.editing import need_update
from needs.models import EventKind, Need, Status
from needs.services import NeedError
from qianniu.tests import factories as f


def test_a_visit_records_how_often_the_skills_the_day_and_the_time_of_day_per_need(world, login, life_care):
    skills = list(Skill.objects.filter(active=True)[:2])
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = login(world.social_worker).post(
        reverse("needs:home_visit"),
        {
            "recipient": world.recipient.pk,
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "observations": "腿脚不便",
            "need-TOTAL_FORMS": 2,
            "need-INITIAL_FORMS": 0,
            "need-0-description": "每周理发",
            "need-0-urgency": "normal",
            "need-0-recurrence": "weekly",
            "need-0-required_skills": [s.pk for s in skills],
            "need-0-wanted_on": day.isoformat(),
            "need-0-wanted_part": "am",
            "need-1-description": "一次性修理水管",
            "need-1-urgency": "normal",
        },
    )
    assert response.status_code == 302
    weekly, once = Need.objects.filter(home_visit__recipient=world.recipient).order_by("pk")
    assert (weekly.recurrence, weekly.wanted_on, weekly.wanted_part) == ("weekly", day, "am")
    assert set(weekly.required_skills.all()) == set(skills)
    assert (once.recurrence, once.wanted_on, once.wanted_part, once.required_skills.count()) == ("once", None, "", 0)


def test_the_visit_form_asks_each_of_those_per_need(world, login):
    html = login(world.social_worker).get(reverse("needs:home_visit")).content.decode()
    for name in ("recurrence", "required_skills", "wanted_on", "wanted_part"):
        assert f'name="need-0-{name}"' in html and f'name="need-2-{name}"' in html


@pytest.fixture
def visit_need(world):
    from needs.services import need_create

    return need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "每月送药"},
    )


def edit(client, need, **data):
    payload = {"description": "每月送药上门", "recurrence": "monthly", "wanted_part": "pm", "max_distance_km": 10}
    return client.post(reverse("needs:edit", args=[need.pk]), payload | data)


@pytest.mark.parametrize("triage", [False, True])
def test_a_need_is_edited_until_it_is_answered(world, login, visit_need, triage):
    if triage:
        f.triaged(visit_need, by=world.social_worker)
    client = login(world.social_worker)
    assert f'href="/needs/{visit_need.pk}/edit/"' in client.get(visit_need.get_absolute_url()).content.decode()
    response = edit(client, visit_need)
    assert response.status_code == 302
    visit_need.refresh_from_db()
    assert (visit_need.description, visit_need.recurrence, visit_need.wanted_part) == ("每月送药上门", "monthly", "pm")
    event = visit_need.events.get(kind=EventKind.EDITED)
    assert event.by == world.social_worker and event.note


def test_an_answered_need_refuses_editing_with_a_clear_message(world, login, visit_need):
    f.triaged(visit_need, by=world.social_worker)
    f.task_for(visit_need, by=world.social_worker, volunteer=world.volunteer)
    visit_need.refresh_from_db()
    assert visit_need.status == Status.IN_SERVICE
    client = login(world.social_worker)
    assert f'href="/needs/{visit_need.pk}/edit/"' not in client.get(visit_need.get_absolute_url()).content.decode()
    response = edit(client, visit_need)
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert "不能再修改" in followed or "can no longer be edited" in followed
    visit_need.refresh_from_db()
    assert visit_need.description == "每月送药" and visit_need.recurrence == "once"
    with pytest.raises(NeedError, match="answered|已有答复|不能再修改"):
        need_update(need=visit_need, by=world.social_worker, data={"description": "改"})


def test_a_need_of_another_area_is_not_found_for_editing(world, login, visit_need):
    assert edit(login(world.outsider), visit_need).status_code == 404
    assert login(world.outsider).get(reverse("needs:edit", args=[visit_need.pk])).status_code == 404
    visit_need.refresh_from_db()
    assert visit_need.description == "每月送药"


def test_the_person_reads_but_does_not_edit_their_need(world, login, visit_need):
    client = login(world.resident)
    assert client.get(visit_need.get_absolute_url()).status_code == 200
    assert edit(client, visit_need).status_code == 403


def test_a_task_s_volunteer_is_chosen_with_the_picker_within_scope(world, login, visit_need):
    f.triaged(visit_need, by=world.social_worker)
    client = login(world.social_worker)
    html = client.get(visit_need.get_absolute_url()).content.decode()
    assert 'name="volunteer_q"' in html and 'name="volunteer_number"' not in html
    data = {"what": "送药", "on": timezone.localdate().isoformat(), "place": "3号楼", "contact": "社工站"}
    client.post(reverse("needs:task_create", args=[visit_need.pk]), data | {"volunteer": world.foreign_volunteer.pk})
    assert not visit_need.tasks.exists()
    client.post(reverse("needs:task_create", args=[visit_need.pk]), data | {"volunteer": world.volunteer.pk})
    assert visit_need.tasks.get().volunteer == world.volunteer
