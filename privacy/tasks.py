"""Periodic jobs of personal information requests, run by the Huey consumer beside the other deadline jobs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from privacy.services import pi_requests_escalate


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_pi_requests():
    return pi_requests_escalate()
