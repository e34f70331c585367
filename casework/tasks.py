"""Periodic jobs of casework, run by the Huey consumer."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from casework.services import escalate_crises


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_crises():
    return escalate_crises()
