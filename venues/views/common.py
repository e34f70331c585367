"""What the pages of venues share: the week asked for, and the teams a user books for."""

import datetime

from django.db.models import Q
from django.utils import timezone

from core.access import scope_of
from orgs.models import Kind, Organisation
from venues.selectors import week_start


def asked_week(request) -> datetime.date:
    """The Monday of the week in `?week=YYYY-MM-DD` (this week by default)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return week_start(day)


def week_context(monday: datetime.date) -> dict:
    return {
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "today": timezone.localdate(),
    }


def bookable_teams(user):
    """The teams a user books rooms for: the teams they lead and, for the workers of an area, its teams."""
    scope = scope_of(user)
    query = Q(pk__in=scope.led_team_ids)
    if scope.staff_paths or scope.everything:
        query |= Q(pk__in=Organisation.objects.visible_to(user).values("pk"))
    return Organisation.objects.filter(query, kind=Kind.TEAM).order_by("name")


def may_book(user) -> bool:
    scope = scope_of(user)
    return bool(scope.everything or scope.staff_paths or scope.led_team_ids)
