"""Whom the ledger's services tell: those who decide a correction request, of a new one; the volunteer, of its
decision."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from ledger.corrections import correction_reviewers
from ledger.selectors import corrections_to_decide
from notifications.services import notification_raise
from people.models import Role, User


def _hours(value) -> str:
    """2.00 as 2, 1.50 as 1.5."""
    return f"{value.normalize():f}"


def _nearest_admins(volunteer) -> set[int]:
    """The region admins of the volunteer's area nearest to it (the community's, else the township's, …): those
    who administer volunteers decide a correction that no activity's leaders decide."""
    for path in sorted(volunteer.region.paths_above, key=len, reverse=True):
        admins = set(
            User.objects.filter(grants__role=Role.REGION_ADMIN, grants__region__path=path, is_active=True)
            .exclude(pk=volunteer.user_id)
            .values_list("pk", flat=True)
        )
        if admins:
            return admins
    return set()


def correction_waiting(request) -> None:
    """Those the record's app asks first (the organising team's leaders, the activity's lead), else the region
    admins nearest to the volunteer's area; only those who may decide it (the page /corrections/ lists it for
    them), never the volunteer."""
    volunteer = request.entry.volunteer
    candidates = correction_reviewers(request)
    if not candidates and volunteer.region_id:
        candidates = _nearest_admins(volunteer)
    candidates.discard(volunteer.user_id)
    deciders = [
        user
        for user in User.objects.filter(pk__in=candidates, is_active=True).order_by("pk")
        if corrections_to_decide(user).filter(pk=request.pk).exists()
    ]
    notification_raise(
        kind="correction_waiting",
        event_key=f"correction:{request.pk}:waiting",
        people=deciders,
        url=reverse("ledger:corrections"),
        region=volunteer.region,
        params={
            "person": volunteer.user.name,
            "activity": request.entry.activity_name,
            "hours": _hours(request.entry.hours),
            "new_hours": _hours(request.hours),
        },
    )


def correction_decided(request, accepted: bool) -> None:
    notification_raise(
        kind="correction_decided",
        event_key=f"correction:{request.pk}:decided",
        people=[request.entry.volunteer.user_id],
        url=reverse("ledger:record"),
        params={
            "decision": pgettext_lazy("decision", "accepted") if accepted else pgettext_lazy("decision", "refused")
        },
    )


def certificate_issued(certificate) -> None:
    notification_raise(
        kind="certificate_issued",
        event_key=f"certificate:{certificate.pk}:issued",
        people=[certificate.volunteer.user_id],
        url=reverse("ledger:certificate_pdf", args=[certificate.number]),
        params={"title": f"{certificate.organiser} {certificate.number}"},
    )
