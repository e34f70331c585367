"""Whom the privacy services tell: the region admins who decide a request about personal information, when it
is filed and when it goes past its due day."""

from django.urls import reverse

from notifications.services import notification_raise
from people.models import Role, User
from people.selectors import staff_holding


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _deciders(request, *, above: bool):
    """The county's region admins; with `above` (overdue, or routed up), those above it too. Never the person
    who filed it (privacy/access.py: pi_request_rule decides the same)."""
    if above:
        admins = staff_holding([Role.REGION_ADMIN], request.county)
    else:
        admins = User.objects.filter(grants__role=Role.REGION_ADMIN, grants__region=request.county, is_active=True)
    return list(admins.exclude(pk=request.requester_id).values_list("pk", flat=True))


def pi_request_waiting(request) -> None:
    notification_raise(
        kind="pi_request_waiting",
        event_key=f"pi_request:{request.pk}:waiting",
        people=_deciders(request, above=request.routed_up),
        url=reverse("privacy:request_detail", args=[request.pk]),
        region=request.county,
        params={"due": _day(request.due_on)},
    )


def pi_request_escalated(request, *, now=None) -> None:
    notification_raise(
        kind="pi_request_escalated",
        event_key=f"pi_request:{request.pk}:escalated",
        people=_deciders(request, above=True),
        url=reverse("privacy:request_detail", args=[request.pk]),
        region=request.county,
        params={"county": request.county.name, "due": _day(request.due_on)},
        now=now,
    )
