"""core.workflow: the table decides the order, who acts and the event row; the row is re-read under a lock.

A small table over groups (the model needs a status with choices and an event model) tests the machinery;
the apps' own tables are checked for soundness at the end."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from casework.workflow import CASE_FLOW
from core.workflow import SYSTEM, Actor, Step, Wait, Workflow
from groupwork.models import Group, GroupEvent, GroupStage
from groupwork.workflow import GROUP_FLOW, GroupError, group_event_record
from mediation.workflow import DISPUTE_FLOW
from needs.workflow import NEED_FLOW
from venues.workflow import BOOKING_FLOW


def table(**overrides) -> Workflow:
    settings = dict(
        model=Group,
        error=GroupError,
        record=group_event_record,
        actors={"worker": Actor(lambda user, group: user.pk == group.social_worker_id, "only the group's worker")},
        status_label=lambda status: GroupStage(status).label,
        steps={
            "form": Step(frozenset({GroupStage.PREPARING}), GroupStage.FORMING, "worker"),
            "turn": Step(frozenset({GroupStage.FORMING}), GroupStage.TRANSITION, "worker"),
            "session": Step(frozenset({GroupStage.FORMING}), None, "worker"),
            "close": Step(frozenset({GroupStage.TRANSITION}), GroupStage.ENDED, SYSTEM),
        },
    )
    return Workflow(**{**settings, **overrides})


@pytest.fixture
def group(world):
    return Group.objects.create(
        name="银龄数字课堂", region=world.community, goals="视频通话", social_worker=world.social_worker
    )


def test_a_step_out_of_order_is_refused_naming_the_step_and_the_status(world, group):
    with (
        translation.override("en"),
        pytest.raises(GroupError, match="“turn” cannot be done while the status is “preparing"),
    ):
        table().take(group, "turn", by=world.social_worker)
    with pytest.raises(GroupError, match="not a step"):
        table(steps={"turn": Step(frozenset(), None, "worker", refusal="not a step")}).take(
            group, "turn", by=world.social_worker
        )
    assert Group.objects.get(pk=group.pk).status == GroupStage.PREPARING
    assert not GroupEvent.objects.exists()


def test_each_step_writes_its_status_and_one_event_with_who_when_from_and_to(world, group):
    moved = table().take(group, "form", by=world.social_worker, note="八位老人", changes={"goals": "学会视频通话"})
    assert (moved.status, moved.goals) == (GroupStage.FORMING, "学会视频通话")
    assert Group.objects.get(pk=group.pk).status == GroupStage.FORMING
    table().take(moved, "session", by=world.social_worker)  # an event that keeps the status
    rows = list(GroupEvent.objects.values_list("action", "from_status", "to_status", "by", "note"))
    assert rows == [
        ("form", GroupStage.PREPARING, GroupStage.FORMING, world.social_worker.pk, "八位老人"),
        ("session", GroupStage.FORMING, GroupStage.FORMING, world.social_worker.pk, ""),
    ]
    assert GroupEvent.objects.first().at is not None


def test_the_step_is_checked_against_the_row_as_it_is_now_not_as_the_caller_read_it(world, group):
    Group.objects.filter(pk=group.pk).update(status=GroupStage.FORMING)  # someone else moved it meanwhile
    assert group.status == GroupStage.PREPARING
    with pytest.raises(GroupError):
        table().take(group, "form", by=world.social_worker)
    assert table().take(group, "turn", by=world.social_worker).status == GroupStage.TRANSITION


def test_the_row_is_read_for_update(world, group):
    with CaptureQueriesContext(connection) as queries:
        table().take(group, "form", by=world.social_worker)
    reads = [
        query["sql"] for query in queries if query["sql"].startswith("SELECT") and "groupwork_group" in query["sql"]
    ]
    assert reads, "the group is read again"
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in reads[0]


@pytest.mark.django_db(transaction=True)
def test_a_step_outside_a_transaction_is_refused_so_the_lock_always_holds(world, group):
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        table().take(group, "form", by=world.social_worker)
    with transaction.atomic():
        assert table().take(group, "form", by=world.social_worker).status == GroupStage.FORMING


def test_only_the_tables_actor_takes_a_step_and_only_the_product_takes_a_system_step(world, group):
    with pytest.raises(GroupError, match="only the group's worker"):
        table().take(group, "form", by=world.other_social_worker)
    with pytest.raises(GroupError, match="only the group's worker"):
        table().take(group, "form", by=None)
    assert table().may_take(group, "form", world.social_worker)
    assert not table().may_take(group, "form", world.other_social_worker)
    group = table().take(group, "form", by=world.social_worker)
    group = table().take(group, "turn", by=world.social_worker)
    with translation.override("en"), pytest.raises(GroupError, match="taken by the system only"):
        table().take(group, "close", by=world.social_worker)
    assert not table().may_take(group, "close", world.social_worker)
    group = table().take(group, "close", by=world.social_worker, automatic=True, changes={"evaluation": "结束"})
    assert group.status == GroupStage.ENDED


def test_a_check_of_the_step_refuses_before_anything_is_written(world, group):
    def members_first(group):
        raise GroupError("members first")

    with pytest.raises(GroupError, match="members first"):
        table().take(group, "form", by=world.social_worker, check=members_first)
    assert Group.objects.get(pk=group.pk).status == GroupStage.PREPARING


def test_a_status_that_waits_for_an_approval_not_required_is_approved_at_once(world, group):
    # The wait receives the object that reached the status: here, a group named 曲艺队 waits, others do not.
    waiting = table(waits={GroupStage.FORMING: Wait("turn", lambda g: g.name == "曲艺队", "no approval needed")})
    group = waiting.take(group, "form", by=world.social_worker)
    assert group.status == GroupStage.TRANSITION
    assert list(GroupEvent.objects.values_list("action", "note")) == [("form", ""), ("turn", "no approval needed")]

    other = Group.objects.create(name="曲艺队", region=world.community, goals="排练", social_worker=world.social_worker)
    assert waiting.take(other, "form", by=world.social_worker).status == GroupStage.FORMING


def test_the_apps_tables_are_sound_and_a_broken_one_says_what_is_wrong():
    for flow in (NEED_FLOW, CASE_FLOW, GROUP_FLOW, DISPUTE_FLOW, BOOKING_FLOW):
        assert flow.check() == [], flow.model.__name__
    broken = table(
        steps={"form": Step(frozenset({"preparing", "nowhere"}), GroupStage.FORMING, "nobody")},
        waits={GroupStage.MATURE: Wait("form", lambda group: True)},
    )
    problems = broken.check()
    assert "form: unknown actor 'nobody'" in problems
    assert "form: unknown status 'nowhere'" in problems
    assert "wait at 'mature': 'form' does not start there" in problems
    assert "no step leads to 'ended'" in problems
