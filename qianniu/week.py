"""Each person's week: their tasks, activities, home visits and group sessions, day by day, on the phone.

Everything shown is the user's own: tasks of their volunteer profile, activities they signed up for (approved)
or lead, home visits they made, sessions of groups they lead or belong to. Places open in the phone's map app
through Amap's URI (uri.amap.com), which opens the Amap app where it is installed and its web map elsewhere.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from activities.models import Activity, SignupStatus
from core.access import scope_of, signed_in
from groupwork.models import Session
from needs.models import HomeVisit, Task, TaskStatus

MAP_SEARCH = "https://uri.amap.com/search?keyword="


def map_link(place: str) -> str:
    return MAP_SEARCH + quote(place, safe="") if place.strip() else ""


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    time: datetime.time | None
    kind: str
    title: str
    place: str
    url: str

    @property
    def map_url(self) -> str:
        return map_link(self.place)


def week_of(value: str | None) -> datetime.date:
    """The Monday of the week holding `value` (YYYY-MM-DD), this week's when it is missing or wrong."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        day = timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def week_entries(user, monday: datetime.date) -> list[Entry]:
    from django.utils.translation import gettext as _

    scope = scope_of(user)
    sunday = monday + datetime.timedelta(days=6)
    entries = []
    if scope.volunteer_id:
        tasks = Task.objects.visible_to(user).filter(
            volunteer_id=scope.volunteer_id,
            status__in=[TaskStatus.OFFERED, TaskStatus.ACCEPTED, TaskStatus.DONE],
            on__range=(monday, sunday),
        )
        entries += [
            Entry(task.on, None, _("Task"), task.what[:40], task.place, task.get_absolute_url()) for task in tasks
        ]
    mine = Q(lead=user)
    if scope.volunteer_id:
        mine |= Q(signups__volunteer_id=scope.volunteer_id, signups__status=SignupStatus.APPROVED)
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    activities = Activity.objects.filter(mine, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=7))
    for activity in activities.distinct():
        local = timezone.localtime(activity.starts_at)
        entries.append(
            Entry(
                local.date(), local.time(), _("Activity"), activity.title, activity.place, activity.get_absolute_url()
            )
        )
    visits = HomeVisit.objects.filter(
        visited_by=user, visited_at__gte=start, visited_at__lt=start + datetime.timedelta(days=7)
    ).select_related("recipient__region")
    for visit in visits:
        local = timezone.localtime(visit.visited_at)
        place = f"{visit.recipient.region.full_name}{visit.recipient.address}"
        entries.append(Entry(local.date(), local.time(), _("Home visit"), visit.recipient.name, place, ""))
    groups = Q(group__social_worker=user)
    if scope.volunteer_id:
        groups |= Q(group__members__volunteer_id=scope.volunteer_id)
    sessions = Session.objects.filter(groups, on__range=(monday, sunday)).select_related("group__region").distinct()
    for session in sessions:
        title = f"{session.group.name} · {session.number}"
        entries.append(Entry(session.on, None, _("Group session"), title, session.group.region.full_name, ""))
    return sorted(entries, key=lambda e: (e.day, e.time or datetime.time.min, e.title))


@signed_in
def week(request):
    monday = week_of(request.GET.get("week"))
    entries = week_entries(request.user, monday)
    days = [
        {"day": day, "entries": [e for e in entries if e.day == day], "today": day == timezone.localdate()}
        for day in (monday + datetime.timedelta(days=n) for n in range(7))
    ]
    context = {
        "days": days,
        "monday": monday,
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
    }
    return render(request, "qianniu/week.html", context)
