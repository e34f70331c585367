"""Periodic jobs of the ledger, run by the Huey consumer (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from ledger.services import checkpoints_write_daily


@db_periodic_task(crontab(hour="18", minute="30"))  # 02:30 in China: Huey's crontab runs on UTC
def write_ledger_checkpoint():
    return str(checkpoints_write_daily())
