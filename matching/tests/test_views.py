import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import MatchRun, ProposalKind, ProposalStatus, RunStatus
from matching.tests.conftest import place_volunteer
from needs.models import Task


@pytest.fixture
def proposed(world, open_need, run_for):
    place_volunteer(world.volunteer, 1)
    place_volunteer(world.other_volunteer, 3)
    need = open_need(0)
    run = run_for()
    return run, run.proposals.get(kind=ProposalKind.VOLUNTEER), need


def test_a_social_worker_starts_a_run_and_sees_its_proposals_with_reasons(
    world, login, open_need, monday, immediate_huey, django_capture_on_commit_callbacks
):
    place_volunteer(world.volunteer, 1.5)
    open_need(0)
    client = login(world.social_worker)
    form = client.get(reverse("matching:list"))
    assert form.status_code == 200 and "开始匹配" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:list"), {"region": world.community.pk, "starts_on": monday.isoformat(), "weeks": "1"}
        )
    run = MatchRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.DONE
    page = client.get(run.get_absolute_url()).content.decode()
    assert "张三" in page and "距离 1.5 公里" in page
    assert "全部接受" in page or "接受这 1 条建议" in page


def test_a_run_cannot_plan_the_past_and_says_so_in_chinese(world, login):
    client = login(world.social_worker)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("matching:list"), {"region": world.community.pk, "starts_on": yesterday.isoformat(), "weeks": "1"}
    )
    assert response.status_code == 200 and "匹配只能从今天起安排" in response.content.decode()
    assert not MatchRun.objects.exists()


def test_a_worker_cannot_start_a_run_for_an_area_outside_their_own(world, login, monday):
    client = login(world.social_worker)
    response = client.post(
        reverse("matching:list"),
        {"region": world.foreign_community.pk, "starts_on": monday.isoformat(), "weeks": "1"},
    )
    assert response.status_code == 200 and not MatchRun.objects.exists()


def test_accepting_the_ticked_proposals_offers_tasks_the_volunteer_sees(world, login, proposed):
    run, proposal, need = proposed
    client = login(world.social_worker)
    response = client.post(reverse("matching:accept", args=[run.pk]), {"proposal": [proposal.pk]})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    task = Task.objects.get(need=need)
    assert task.volunteer == world.volunteer
    tasks = login(world.volunteer_user).get(reverse("needs:my_tasks")).content.decode()
    assert "上门看望服务对象（上午）" in tasks
    assert "需要上门理发" not in tasks  # the need's own words stay with the staff


def test_accept_all_and_reject(world, login, proposed):
    run, proposal, _need = proposed
    client = login(world.social_worker)
    client.post(reverse("matching:reject", args=[run.pk]), {"proposal": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    client.post(reverse("matching:accept", args=[run.pk]), {"all": "1"})
    assert not Task.objects.exists()  # a rejected proposal is not accepted by "accept all"


def test_changing_a_proposal_to_another_candidate(world, login, proposed):
    run, proposal, _need = proposed
    url = reverse("matching:change", args=[run.pk, proposal.pk])
    # The community's worker may not see the other community's volunteer, so cannot pick them.
    login(world.social_worker).post(url, {f"p{proposal.pk}-volunteer": world.other_volunteer.pk})
    proposal.refresh_from_db()
    assert proposal.volunteer == world.volunteer
    client = login(world.county_admin)
    url = reverse("matching:change", args=[run.pk, proposal.pk])
    client.post(url, {f"p{proposal.pk}-volunteer": world.foreign_volunteer.pk})
    proposal.refresh_from_db()
    assert proposal.volunteer == world.volunteer  # not a candidate: refused
    client.post(url, {f"p{proposal.pk}-volunteer": world.other_volunteer.pk})
    proposal.refresh_from_db()
    assert proposal.volunteer == world.other_volunteer


@pytest.mark.parametrize("persona", ["outsider", "other_social_worker", "volunteer_user", "liaison", "resident"])
def test_nobody_outside_the_area_can_see_or_decide_its_proposals(world, login, proposed, persona):
    run, proposal, _need = proposed
    client = login(getattr(world, persona))
    assert client.get(reverse("matching:detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("matching:progress", args=[run.pk])).status_code == 404
    assert client.post(reverse("matching:accept", args=[run.pk]), {"all": "1"}).status_code == 404
    assert client.post(reverse("matching:reject", args=[run.pk]), {"all": "1"}).status_code == 404
    change = reverse("matching:change", args=[run.pk, proposal.pk])
    assert client.post(change, {f"p{proposal.pk}-volunteer": world.other_volunteer.pk}).status_code == 404
    proposal.refresh_from_db()
    assert (proposal.status, proposal.volunteer) == (ProposalStatus.PROPOSED, world.volunteer)
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("persona", "area"), [("outsider", "foreign_county"), ("other_social_worker", "other_community")]
)
def test_the_run_list_shows_the_runs_of_ones_own_area_only(world, login, proposed, monday, persona, area):
    run, _proposal, _need = proposed
    user = getattr(world, persona)
    own = MatchRun.objects.create(
        region=getattr(world, area), starts_on=monday, created_by=user, status=RunStatus.DONE, progress=100
    )
    body = login(user).get(reverse("matching:list")).content.decode()
    assert own.get_absolute_url() in body  # is shown: the run of their own area
    assert run.get_absolute_url() not in body  # is not: this area's


@pytest.mark.parametrize("persona", ["volunteer_user", "liaison", "resident"])
def test_the_run_list_is_closed_to_those_with_no_area(world, login, proposed, persona):
    assert login(getattr(world, persona)).get(reverse("matching:list")).status_code == 404
    assert login(world.social_worker).get(reverse("matching:list")).status_code == 200


def test_the_county_admin_sees_a_communitys_run(world, login, proposed):
    run, _proposal, _need = proposed
    assert login(world.county_admin).get(reverse("matching:detail", args=[run.pk])).status_code == 200


def test_a_running_run_shows_its_progress(world, login, monday):
    run = MatchRun.objects.create(
        region=world.community, starts_on=monday, created_by=world.social_worker, status=RunStatus.RUNNING, progress=40
    )
    client = login(world.social_worker)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'aria-valuenow="40"' in page and "hx-get" in page
    assert 'data-width="40"' in page  # site.js sets the width: the policy refuses style attributes


def test_a_finished_run_tells_htmx_to_reload_the_page(world, login, monday):
    run = MatchRun.objects.create(
        region=world.community, starts_on=monday, created_by=world.social_worker, status=RunStatus.RUNNING, progress=90
    )
    client = login(world.social_worker)
    progress = reverse("matching:progress", args=[run.pk])
    running = client.get(progress, headers={"HX-Request": "true"})
    assert "HX-Refresh" not in running and "hx-get" in running.text
    run.status = RunStatus.DONE
    run.save(update_fields=["status"])
    done = client.get(progress, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert "<script" not in done.text and "hx-get" not in done.text


def test_the_unserved_tab_explains_in_chinese(world, login, open_need, run_for, haircut):
    place_volunteer(world.volunteer, 1)
    open_need(0, skills=[haircut])
    run = run_for()
    page = login(world.social_worker).get(run.get_absolute_url() + "?show=unserved").content.decode()
    assert "没有志愿者具备所需技能：理发" in page


def test_with_no_volunteer_located_the_run_says_so(world, login, open_need, run_for):
    open_need(0)
    run = run_for()
    page = login(world.social_worker).get(run.get_absolute_url() + "?show=unserved").content.decode()
    assert "本县（区、旗）内没有已登记位置且在接任务的志愿者" in page


def test_a_need_is_recorded_with_its_place_and_matching_requirements(world, login, haircut):
    from needs.models import Need

    client = login(world.social_worker)
    data = {
        "recipient": world.recipient.pk,
        "region": world.community.pk,
        "source": "staff",
        "description": "上门理发",
        "urgency": "normal",
        "recurrence": "weekly",
        "required_skills": [haircut.pk],
        "wanted_part": "pm",
        "max_distance_km": "8",
        "suitable_for_minors": "on",
        "latitude": "44.130000",
    }
    response = client.post(reverse("needs:create"), data)
    assert "请同时填写纬度和经度" in response.content.decode() and not Need.objects.exists()
    client.post(reverse("needs:create"), {**data, "longitude": "123.310000"})
    need = Need.objects.get()
    assert (float(need.latitude), float(need.longitude), need.max_distance_km) == (44.13, 123.31, 8)
    assert need.wanted_part == "pm" and need.suitable_for_minors and list(need.required_skills.all()) == [haircut]
