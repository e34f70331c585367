"""Periodic jobs of the needs list, run by the Huey consumer (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from needs.services import escalate_overdue


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_needs():
    return escalate_overdue()
