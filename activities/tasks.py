from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from activities.notify import activities_remind
from activities.services import close_forgotten_checkouts


@db_periodic_task(crontab(minute="*/10"))
def close_forgotten():
    return close_forgotten_checkouts()


@db_periodic_task(crontab(minute="*/15"))
def remind_activities():
    return activities_remind()
