"""Hours of a task confirmed by the evaluation a worker collects, and hours already credited for a task
(needs.task_service; the rest of the hours of tasks are in test_task_hours.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ledger.models import EntryKind, LedgerEntry
from ledger.services import entry_append
from needs import services
from needs.task_service import task_time_record
from needs.task_time import ConfirmedHow
from needs.tests.test_task_hours import accepted


def test_an_evaluation_collected_by_a_worker_confirms_the_hours_in_their_name(world, task, need):
    accepted(task, world.volunteer)
    now = timezone.now()
    time = task_time_record(
        task=task, volunteer=world.volunteer, by=world.volunteer.user, started_at=now - datetime.timedelta(hours=2),
        ended_at=now - datetime.timedelta(hours=1), how=ConfirmedHow.WORKER,
    )  # fmt: skip  # the volunteer's own entry waits for someone else
    assert time.confirmed_at is None
    services.need_evaluate(need=need, by=world.social_worker, satisfaction=5, comment="", outcome="", given_by="韩桂兰")
    time.refresh_from_db()
    assert (time.confirmed_by, time.confirmed_how) == (world.social_worker, ConfirmedHow.EVALUATION)
    assert LedgerEntry.objects.get(volunteer=world.volunteer).hours == Decimal("1.00")


def test_hours_already_in_the_ledger_for_the_task_are_linked_not_credited_again(world, task, need):
    accepted(task, world.volunteer)
    fields = {
        "volunteer": world.volunteer, "kind": EntryKind.SERVICE, "by": world.social_worker, "activity_name": "上门服务",
        "on": task.on, "place": "团结社区", "content": "陪伴", "hours": Decimal("1"), "organiser": "团结社区",
        "lead": "苏日娜",
    }  # fmt: skip
    entry_append(**fields, source_kind="task", source_ref=str(task.pk + 1000))  # another task's
    entry_append(**fields, source_kind="training", source_ref=str(task.pk))  # another source with that number
    earlier = entry_append(**fields, source_kind="task", source_ref=str(task.pk))
    entry_append(**fields | {"volunteer": world.other_volunteer}, source_kind="task", source_ref=str(task.pk))
    now = timezone.now()
    time = task_time_record(
        task=task, volunteer=world.volunteer, by=world.social_worker, started_at=now - datetime.timedelta(hours=3),
        ended_at=now - datetime.timedelta(hours=1), how=ConfirmedHow.WORKER,
    )  # fmt: skip
    assert time.entry == earlier
    assert LedgerEntry.objects.filter(volunteer=world.volunteer).count() == 3
