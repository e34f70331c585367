"""Matching runs execute in the background queue (Huey), so a county-wide run does not hold a web request.

`run_matching` claims the run's lease and executes it; `run_watch`, scheduled for when that lease would end,
finds a run whose worker died and queues it again for another consumer to take over; `runs_recover`, every
minute, does the same for any run it finds expired and queues again the runs whose message was lost."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from matching import leases
from matching.execution import run_execute


@db_task()
def run_matching(run_id: int):
    owner = leases.worker_id()
    if leases.run_claim(run_id, owner=owner) is None:
        return  # finished, held by a live worker, or a duplicate message
    run_watch.schedule((run_id,), delay=settings.MATCHING_RUN_LEASE_SECONDS + 1)
    run_execute(run_id, owner=owner)


@db_task()
def run_watch(run_id: int):
    left = leases.seconds_left(run_id)
    if left is None:
        return  # finished
    if left > 0:
        run_watch.schedule((run_id,), delay=left + 1)
    else:
        run_matching(run_id)


@db_periodic_task(crontab(minute="*"))
def runs_recover():
    for run_id in leases.runs_to_recover():
        run_matching(run_id)
