"""Whom the activities tell: volunteers signed up, the day before and two hours before; a volunteer, of the
hours credited after check-out."""

import datetime

from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityStatus, SignupStatus
from notifications.services import notification_raise

DAY_BEFORE = (datetime.timedelta(hours=20), datetime.timedelta(hours=24))
SOON = (datetime.timedelta(minutes=90), datetime.timedelta(hours=2))


def _remind(activity: Activity, kind: str) -> None:
    start = timezone.localtime(activity.starts_at)
    notification_raise(
        kind=kind,
        event_key=f"activity:{activity.pk}:{kind}:{start:%Y%m%d%H%M}",
        people=list(activity.signups.filter(status=SignupStatus.APPROVED).values_list("volunteer__user_id", flat=True)),
        url=reverse("activities:detail", args=[activity.pk]),
        params={"activity": activity.title, "place": activity.place, "time": f"{start:%H:%M}"},
        region=activity.region,
    )


def activities_remind(*, now: datetime.datetime | None = None) -> int:
    """Run every 15 minutes: activities starting in 20–24 hours get the day-before reminder, in 90–120 minutes
    the two-hour one. Each is raised once per activity and start (the outbox keeps one per event), so the
    windows may overlap the runs."""
    now = now or timezone.now()
    count = 0
    for kind, (near, far) in (("activity_tomorrow", DAY_BEFORE), ("activity_soon", SOON)):
        activities = Activity.objects.filter(
            status=ActivityStatus.PUBLISHED, starts_at__gt=now + near, starts_at__lte=now + far
        )
        for activity in activities:
            _remind(activity, kind)
            count += 1
    return count


def hours_credited(entry, activity: Activity) -> None:
    notification_raise(
        kind="hours_credited",
        event_key=f"ledger:{entry.pk}:credited",
        people=[entry.volunteer.user_id],
        url=reverse("ledger:record"),
        params={"hours": f"{entry.hours.normalize():f}", "activity": activity.title},
        region=activity.region,
    )
