"""needs' services: tasks offered to volunteers and teams."""

import pytest
from django.utils import timezone

from needs import services as needs
from needs.services import NeedError
from people.models import Volunteer
from qianniu.tests import factories as f


def test_one_member_declining_a_team_task_leaves_it_to_the_others(world):
    need, _dispatch = f.dispatched_need(world)
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
    need, _dispatch = f.dispatched_need(world)
    Volunteer.objects.filter(pk=world.volunteer.pk).update(status="withdrawn")
    world.volunteer.refresh_from_db()
    with pytest.raises(NeedError, match="该志愿者的注册状态不是有效状态"):
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


def test_a_withdrawn_need_names_no_referral_and_a_referred_one_names_where_it_went(world):
    def new_need():
        return needs.need_create(
            source="staff",
            by=world.social_worker,
            data={"recipient": world.recipient, "region": world.community, "description": "x"},
        )

    with pytest.raises(NeedError, match="请填写原因"):
        needs.need_withdraw(need=new_need(), by=world.social_worker, reason=" ")
    withdrawn = needs.need_withdraw(need=new_need(), by=world.social_worker, reason=" 搬走了 ")
    assert (withdrawn.status, withdrawn.end_reason, withdrawn.referred_to) == ("withdrawn", "搬走了", "")
    assert withdrawn.ended_at is not None
    with pytest.raises(NeedError, match="请说明转介给谁"):
        needs.need_refer(need=new_need(), by=world.social_worker, to=" ", reason="需要辅具")
    referred = needs.need_refer(need=new_need(), by=world.social_worker, to=" 旗残联 ", reason="需要辅具")
    assert (referred.status, referred.end_reason, referred.referred_to) == ("referred", "需要辅具", "旗残联")
    with pytest.raises(NeedError, match="该需求已结束"):
        needs.need_withdraw(need=referred, by=world.social_worker, reason="再撤")


def test_ending_a_need_cancels_its_open_tasks_and_keeps_the_done_ones(world):
    need, _dispatch = f.dispatched_need(world)
    offered = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    done = f.task_for(need, by=world.social_worker, volunteer=world.other_volunteer)
    needs.task_answer(task=done, volunteer=world.other_volunteer, accept=True)
    needs.task_done(task=done, volunteer=world.other_volunteer)
    needs.need_withdraw(need=need, by=world.social_worker, reason="搬走了")
    offered.refresh_from_db()
    done.refresh_from_db()
    assert (offered.status, done.status) == ("cancelled", "done")
