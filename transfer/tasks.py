"""Checks and commits of imports run in the background queue (Huey), so a 76,000-row roster does not hold a
web request. `imports_recover`, every minute, queues again the steps whose worker stopped moving
(transfer/leases.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from transfer import leases
from transfer.run import job_check, job_commit


@db_task()
def import_check(job_id: int):
    job_check(job_id)


@db_task()
def import_commit(job_id: int):
    job_commit(job_id)


@db_periodic_task(crontab(minute="*"))
def imports_recover():
    for job_id, step in leases.jobs_to_recover():
        (import_commit if step == "commit" else import_check)(job_id)
