"""What a security review of the first slices found, kept fixed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dispatch.services import dispatch_complete
from needs import services as needs
from needs.services import NeedError
from orgs.models import MembershipStatus, TeamMembership
from people.models import AccessLog, Volunteer
from qianniu.tests import factories as f


def test_the_recipient_edit_page_never_holds_full_numbers(world, login):
    client = login(world.social_worker)
    url = reverse("people:recipient_edit", args=[world.recipient.pk])
    body = client.get(url).content.decode()
    assert world.recipient.id_number not in body and world.recipient.phone not in body
    assert world.recipient.masked_phone in body
    assert not AccessLog.objects.exists()
    response = client.post(url, {"name": "韩桂兰", "sex": "M", "region": world.community.pk, "phone": ""})
    assert response.status_code == 302
    world.recipient.refresh_from_db()
    assert world.recipient.phone == "13698765432"  # empty keeps the number
    client.post(url, {"name": "韩桂兰", "sex": "M", "region": world.community.pk, "phone": "13711112222"})
    world.recipient.refresh_from_db()
    assert world.recipient.phone == "13711112222"


def dispatched_need(world):
    need = needs.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "x"},
    )
    f.triaged(need, by=world.social_worker)
    return need, f.dispatched(need, by=world.social_worker, department=world.department)


def test_a_department_sees_the_dispatch_not_the_whole_need(world, login):
    need, dispatch = dispatched_need(world)
    client = login(world.liaison)
    assert client.get(reverse("needs:detail", args=[need.pk])).status_code == 404
    body = client.get(reverse("dispatch:detail", args=[dispatch.pk])).content.decode()
    assert "韩桂兰" not in body


def test_a_resident_sees_the_steps_but_not_who_did_them(world, login):
    need, _dispatch = dispatched_need(world)
    needs.task_offer(
        need=need,
        by=world.social_worker,
        volunteer=world.volunteer,
        what="x",
        on=timezone.localdate(),
        place="x",
        contact="y",
    )
    body = login(world.resident).get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "张三" not in body and "苏日娜" not in body and "民政局" not in body


def test_ending_a_need_withdraws_its_dispatches(world):
    need, dispatch = dispatched_need(world)
    needs.need_withdraw(need=need, by=world.social_worker, reason="搬走了")
    dispatch.refresh_from_db()
    assert dispatch.status == "withdrawn"
    with pytest.raises(NeedError):
        dispatch_complete(dispatch=dispatch, by=world.liaison, result="办结")
    dispatch.refresh_from_db()
    assert dispatch.status == "withdrawn"


def test_a_need_is_not_served_while_a_department_works_on_it(world):
    need, _dispatch = dispatched_need(world)
    needs.need_open_case(need=need, by=world.social_worker)
    with pytest.raises(NeedError, match="部门"):
        needs.need_mark_served(need=need, by=world.social_worker)
    need.refresh_from_db()
    assert need.status == "in_service"


def test_an_application_alone_opens_no_view_of_the_applicant(world, login):
    TeamMembership.objects.create(team=world.team, volunteer=world.foreign_volunteer, status=MembershipStatus.REJECTED)
    assert not Volunteer.objects.visible_to(world.county_admin).filter(pk=world.foreign_volunteer.pk).exists()
    assert not Volunteer.objects.visible_to(world.team_leader).filter(pk=world.foreign_volunteer.pk).exists()
    TeamMembership.objects.filter(volunteer=world.foreign_volunteer).update(status=MembershipStatus.PENDING)
    assert Volunteer.objects.visible_to(world.team_leader).filter(pk=world.foreign_volunteer.pk).exists()
    assert not Volunteer.objects.visible_to(world.county_admin).filter(pk=world.foreign_volunteer.pk).exists()


def test_a_liaison_edits_the_description_but_not_what_the_department_is(world, login):
    login(world.liaison).post(
        reverse("orgs:edit", args=[world.department.pk]),
        {
            "name": "改名局",
            "kind": "department",
            "department": "health",
            "region": world.county.pk,
            "description": "工作日 8:30–17:30",
        },
    )
    world.department.refresh_from_db()
    assert (world.department.name, world.department.department, world.department.active) == (
        "科左中旗民政局",
        "civil_affairs",
        True,
    )
    assert world.department.description == "工作日 8:30–17:30"


def test_one_member_declining_a_team_task_leaves_it_to_the_others(world):
    need, _dispatch = dispatched_need(world)
    task = needs.task_offer(
        need=need, by=world.social_worker, team=world.team, what="x", on=timezone.localdate(), place="x", contact="y"
    )
    needs.task_answer(task=task, volunteer=world.volunteer, accept=False, reason="没空")
    task.refresh_from_db()
    assert task.status == "offered"
    needs.task_answer(task=task, volunteer=world.team_leader.volunteer, accept=True)
    task.refresh_from_db()
    assert (task.status, task.volunteer) == ("accepted", world.team_leader.volunteer)


def test_a_withdrawn_volunteer_gets_no_task(world):
    need, _dispatch = dispatched_need(world)
    Volunteer.objects.filter(pk=world.volunteer.pk).update(status="withdrawn")
    world.volunteer.refresh_from_db()
    with pytest.raises(NeedError):
        needs.task_offer(
            need=need,
            by=world.social_worker,
            volunteer=world.volunteer,
            what="x",
            on=timezone.localdate(),
            place="x",
            contact="y",
        )
    assert not need.tasks.exists()


def test_sign_in_attempts_are_limited(world, client):
    for _attempt in range(9):
        assert client.post(reverse("login"), {"username": "13912345678", "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": "13912345678", "password": "wrong"}).status_code == 429
    response = client.post(reverse("login"), {"username": "13912345678", "password": f.PASSWORD})
    assert response.status_code == 429 and "尝试次数过多" in response.content.decode()
