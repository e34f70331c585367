"""Periodic jobs of the needs list, run by the Huey consumer (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from needs.services import escalate_overdue, tasks_remind_due_tomorrow


@db_periodic_task(crontab(minute="*/5"))
def escalate_overdue_needs():
    return escalate_overdue()


@db_periodic_task(crontab(hour="10", minute="0"))  # 18:00 in Asia/Shanghai: Huey's crontab is in UTC
def remind_tasks_due_tomorrow():
    return tasks_remind_due_tomorrow()
