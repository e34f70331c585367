"""The work queues at the top of each role's home page: each role sees what waits for it, with its age and
link, and never another's or another region's."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from casework import services as casework
from casework.tests.conftest import FRAIL
from dispatch import services as dispatch
from dispatch.models import Dispatch
from ledger.models import LedgerEntry
from ledger.services import correction_request
from needs import services as needs
from needs.models import Need, NeedEvent
from orgs.models import Kind
from orgs.services import membership_apply
from people.models import AccessLog, Role
from qianniu.tests import factories as f


def need_for(recipient, region, by, text="需要帮忙"):
    data = {"recipient": recipient, "region": region, "description": text}
    return needs.need_create(source="staff", by=by, data=data)


def home(client):
    return client.get(reverse("home")).content.decode()


def queue(body, key):
    """The card of one queue on the home page ('' when it is not there)."""
    start = body.find(f'data-testid="queue-{key}"')
    return "" if start < 0 else body[start : body.find("</div></div></div>", start)]


def age(obj, field, days):
    type(obj).objects.filter(pk=obj.pk).update(**{field: timezone.now() - datetime.timedelta(days=days, hours=1)})


def test_the_worker_sees_a_returned_dispatch_with_its_age_and_not_another_communitys(world, login):
    mine = f.triaged(need_for(world.recipient, world.community, world.social_worker), by=world.social_worker)
    theirs = f.triaged(
        need_for(world.other_recipient, world.other_community, world.other_social_worker), by=world.other_social_worker
    )
    for need, worker in ((mine, world.social_worker), (theirs, world.other_social_worker)):
        sent = f.dispatched(need, by=worker, department=world.department)
        dispatch.dispatch_return(dispatch=sent, by=world.liaison, reason="不属于本部门职责")
    back = datetime.timedelta(days=3, hours=1)  # the whole story three days ago
    NeedEvent.objects.filter(need=mine).update(at=F("at") - back)
    Dispatch.objects.filter(need=mine).update(answered_at=F("answered_at") - back, sent_at=F("sent_at") - back)

    card = queue(home(login(world.social_worker)), "dispatch_returned")
    assert f'href="/needs/{mine.pk}/"' in card
    assert "韩桂兰" in card and "3 天前" in card
    assert "不属于本部门职责" in card
    assert f"/needs/{theirs.pk}/" not in card and "包金花" not in card
    full = login(world.social_worker).get(reverse("waiting", args=["dispatch_returned"])).content.decode()
    assert "韩桂兰" in full and "包金花" not in full


def test_a_returned_dispatch_leaves_the_queue_once_the_need_has_another_answer(world, login):
    need = f.triaged(need_for(world.recipient, world.community, world.social_worker), by=world.social_worker)
    sent = f.dispatched(need, by=world.social_worker, department=world.department)
    dispatch.dispatch_return(dispatch=sent, by=world.liaison, reason="请转卫健局")
    client = login(world.social_worker)
    assert f"/needs/{need.pk}/" in queue(home(client), "dispatch_returned")
    f.task_for(Need.objects.get(pk=need.pk), by=world.social_worker, volunteer=world.volunteer)
    card = queue(home(client), "dispatch_returned")
    assert 'data-testid="queue-count">0<' in card
    assert f"/needs/{need.pk}/" not in card


def test_the_supervisor_sees_plans_to_review_of_the_area_only(world, login):
    supervisor = f.UserFactory(name="督导赵")
    f.grant(supervisor, Role.SUPERVISOR, region=world.township)
    cases = []
    pairs = ((world.recipient, world.social_worker), (world.other_recipient, world.other_social_worker))
    for recipient, worker in pairs:
        case = casework.case_open(recipient=recipient, by=worker, presenting_problem="独居")
        casework.case_agree(case=case, by=worker, signed_on=datetime.date(2026, 11, 20))
        casework.case_assess(case=case, by=worker, barthel_answers=FRAIL, risks={})
        cases.append(casework.case_submit_plan(case=case, by=worker, goals=["每周探访"]))
    mine, other_township = cases

    card = queue(home(login(supervisor)), "case_review")
    assert f'href="/cases/{mine.pk}/"' in card and "韩桂兰" in card
    assert f"/cases/{other_township.pk}/" not in card and "包金花" not in card
    # the social worker waits for the supervisor: nothing to review of their own
    assert queue(home(login(world.social_worker)), "case_review") == ""


def test_the_leader_sees_corrections_and_applications_and_the_link_to_corrections(world, login, past_activity):
    start = past_activity.starts_at
    attendance = activities.attendance_mark(
        activity=past_activity,
        volunteer=world.volunteer,
        by=world.team_leader,
        checked_in_at=start,
        checked_out_at=start + datetime.timedelta(hours=2),
    )
    entry = LedgerEntry.objects.get(attendance=attendance)
    correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("3"), reason="实际服务了3小时")
    applicant = f.volunteer(name="赵六", region=world.community)
    membership_apply(team=world.team, volunteer=applicant)
    foreign_applicant = f.volunteer(name="钱七", region=world.foreign_community)
    membership_apply(team=world.foreign_team, volunteer=foreign_applicant)

    body = home(login(world.team_leader))
    corrections = queue(body, "corrections")
    assert 'href="/corrections/"' in corrections
    assert "张三" in corrections and "实际服务了3小时" in corrections
    applications = queue(body, "team_applications")
    assert "赵六" in applications and f'href="/teams/{world.team.pk}/#pending"' in applications
    assert "钱七" not in applications
    # a volunteer who leads nothing has neither queue
    volunteer_home = home(login(world.volunteer_user))
    assert queue(volunteer_home, "corrections") == "" and queue(volunteer_home, "team_applications") == ""
    assert 'data-testid="queue-tasks_offered"' in volunteer_home


def test_the_volunteer_sees_tasks_to_accept_and_not_another_volunteers(world, login):
    need = f.triaged(need_for(world.recipient, world.community, world.social_worker), by=world.social_worker)
    mine = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, what="陪同就医")
    other_need = f.triaged(
        need_for(world.other_recipient, world.other_community, world.other_social_worker), by=world.other_social_worker
    )
    f.task_for(other_need, by=world.other_social_worker, volunteer=world.other_volunteer, what="打扫卫生")
    age(mine, "created_at", 2)

    card = queue(home(login(world.volunteer_user)), "tasks_offered")
    assert f'href="/tasks/{mine.pk}/"' in card and "陪同就医" in card and "2 天前" in card
    assert "打扫卫生" not in card
    full = login(world.volunteer_user).get(reverse("waiting", args=["tasks_offered"])).content.decode()
    assert "陪同就医" in full and "打扫卫生" not in full


def test_the_liaison_sees_dispatches_to_answer_of_their_department_only(world, login):
    other_department = f.OrganisationFactory(kind=Kind.DEPARTMENT, name="科左中旗卫健委", region=world.county)
    need = f.triaged(need_for(world.recipient, world.community, world.social_worker), by=world.social_worker)
    ours = f.dispatched(need, by=world.social_worker, department=world.department)
    other_need = need_for(world.recipient, world.community, world.social_worker, "其他")
    other_need = f.triaged(other_need, by=world.social_worker)
    theirs = f.dispatched(other_need, by=world.social_worker, department=other_department)

    card = queue(home(login(world.liaison)), "dispatch_to_answer")
    assert f'href="/dispatches/{ours.pk}/"' in card
    assert f"/dispatches/{theirs.pk}/" not in card
    assert queue(home(login(world.social_worker)), "dispatch_to_answer") == ""


@pytest.mark.parametrize("key", ["dispatch_returned", "tasks_offered", "needs_new", "case_review"])
def test_the_full_list_of_a_queue_shows_nothing_of_another_county(world, login, key):
    need = need_for(world.recipient, world.community, world.social_worker)
    assert "韩桂兰" in login(world.county_admin).get(reverse("waiting", args=["needs_new"])).content.decode()
    response = login(world.outsider).get(reverse("waiting", args=[key]))
    assert response.status_code in (200, 404)
    assert "韩桂兰" not in response.content.decode()
    assert f"/needs/{need.pk}/" not in response.content.decode()


def test_a_queue_the_user_has_no_part_in_answers_404(world, login):
    assert login(world.volunteer_user).get(reverse("waiting", args=["case_review"])).status_code == 404
    assert login(world.volunteer_user).get(reverse("waiting", args=["no_such_queue"])).status_code == 404
    assert login(world.volunteer_user).get(reverse("waiting", args=["tasks_offered"])).status_code == 200


def test_the_departments_dispatch_page_shows_whom_to_serve_with_the_phone_masked(world, login):
    world.recipient.address = "团结路12号"
    world.recipient.save(update_fields=["address"])
    need = f.triaged(need_for(world.recipient, world.community, world.social_worker), by=world.social_worker)
    sent = f.dispatched(need, by=world.social_worker, department=world.department)
    client = login(world.liaison)
    body = client.get(reverse("dispatch:detail", args=[sent.pk])).content.decode()
    assert 'data-testid="person-name">韩*兰<' in body and "团结路12号" in body
    assert 'data-testid="person-phone">136****5432<' in body
    assert "13698765432" not in body and "韩桂兰" not in body
    assert 'data-testid="dispatch-sender">苏日娜' in body
    # in full only on request, logged
    assert "13698765432" in client.post(reverse("dispatch:contact", args=[sent.pk, "phone"])).content.decode()
    assert "韩桂兰" in client.post(reverse("dispatch:contact", args=[sent.pk, "name"])).content.decode()
    logged = AccessLog.objects.filter(user=world.liaison, subject_id=world.recipient.pk)
    assert set(logged.values_list("field_name", flat=True)) == {"phone", "name"}
    # the area's worker reads the name in full and the phone masked, as on the person's page
    worker_body = login(world.social_worker).get(reverse("dispatch:detail", args=[sent.pk])).content.decode()
    assert 'data-testid="person-name">韩桂兰<' in worker_body and "13698765432" not in worker_body


def test_nobody_outside_the_department_reveals_the_contact(world, login):
    need = f.triaged(need_for(world.recipient, world.community, world.social_worker), by=world.social_worker)
    sent = f.dispatched(need, by=world.social_worker, department=world.department)
    url = reverse("dispatch:contact", args=[sent.pk, "phone"])
    assert login(world.outsider).post(url).status_code == 404
    assert login(world.social_worker).post(url).status_code == 404  # the worker reads it on the person's page
    assert login(world.liaison).post(url).status_code == 200
    dispatch.dispatch_complete(dispatch=sent, by=world.liaison, result="已上门")
    assert login(world.liaison).post(url).status_code == 404  # not once the dispatch is answered
