"""Periodic jobs of the coordination group, run by the Huey consumer (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from coordination.services import items_escalate
from coordination.tally import campaigns_tally


@db_periodic_task(crontab(minute="*/30"))
def escalate_overdue_items():
    return items_escalate()


@db_periodic_task(crontab(minute="*/15"))
def tally_campaigns():
    return campaigns_tally()
