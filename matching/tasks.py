"""Matching runs execute in the background queue (Huey), so a county-wide run does not hold a web request."""

from huey.contrib.djhuey import db_task

from matching.execution import run_execute


@db_task()
def run_matching(run_id: int):
    run_execute(run_id)
