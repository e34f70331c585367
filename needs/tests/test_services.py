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
