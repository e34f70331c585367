"""Sending the outbox from the task queue: at once after an event commits, again when a retry is due, and every
minute in case a run was lost (a consumer restarted) or quiet hours ended."""

from django.core.cache import cache
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from notifications.outbox import next_due_in, outbox_send_due


def _drain() -> int:
    sent = 0
    while True:
        claimed, done = outbox_send_due()
        sent += done
        if claimed == 0:
            return sent


@db_task()
def outbox_send():
    sent = _drain()
    wait = next_due_in()
    # A retry due before the next sweep: one scheduled run at a time, however many events were raised.
    if wait is not None and wait < 60 and cache.add("notify-retry-scheduled", 1, timeout=int(wait) + 1):
        outbox_send.schedule(delay=int(wait) + 1)
    return sent


@db_periodic_task(crontab(minute="*"))
@lock_task("notifications-outbox-sweep")
def outbox_sweep():
    return _drain()
