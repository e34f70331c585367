"""Checks and commits of imports run in the background queue (Huey), so a 76,000-row roster does not hold a
web request."""

from huey.contrib.djhuey import db_task

from transfer.run import job_check, job_commit


@db_task()
def import_check(job_id: int):
    job_check(job_id)


@db_task()
def import_commit(job_id: int):
    job_commit(job_id)
