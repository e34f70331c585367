"""The periodic job that keeps the figures current, run by the Huey consumer (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from stats.rollup import catch_up
from stats.rooms import catch_up_rooms


@db_periodic_task(crontab(minute="*"))
def stats_catch_up():
    return catch_up()


@db_periodic_task(crontab(minute="*"))
def stats_catch_up_rooms():
    """The space-sharing figure (stats/rooms.py): bookings stepped or ended since the last run."""
    return catch_up_rooms()
