"""Whom the ledger's services tell: the volunteer, of their correction request's decision."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from notifications.services import notification_raise


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
