"""Matching runs execute in the background queue (Huey), so a county-wide run does not hold a web request.

`run_matching` claims the run's lease and executes it (renewing the lease as it works); `runs_recover`, every
minute, queues again the runs whose lease has expired (their worker died) and those whose message was lost."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from matching import leases
from matching.execution import run_execute


@db_task()
def run_matching(run_id: int):
    owner = leases.worker_id()
    if leases.run_claim(run_id, owner=owner) is None:
        return  # finished, held by a live worker, or a duplicate message
    run_execute(run_id, owner=owner)


@db_periodic_task(crontab(minute="*"))
def runs_recover():
    for run_id in leases.runs_to_recover():
        run_matching(run_id)
