"""What the correction tests share: hours served, a correction asked over HTTP, the state a forgery would change."""

import datetime

from django.urls import reverse

from activities import services as activities
from ledger.models import CorrectionRequest, LedgerEntry
from ledger.services import recognition, total_hours


def served(activity, volunteer, *, by, hours=2) -> LedgerEntry:
    """Hours of an activity, marked by someone other than the volunteer."""
    attendance = activities.attendance_mark(
        activity=activity,
        volunteer=volunteer,
        by=by,
        checked_in_at=activity.starts_at,
        checked_out_at=activity.starts_at + datetime.timedelta(hours=hours),
    )
    return LedgerEntry.objects.get(attendance=attendance)


def state(volunteer):
    """Everything a forged correction would change: the ledger rows, the hours, the time bank, the requests."""
    return (
        list(LedgerEntry.objects.order_by("pk").values_list("pk", "hours")),
        total_hours(volunteer),
        recognition(volunteer)["points"],
        list(CorrectionRequest.objects.order_by("pk").values_list("pk", "status")),
    )


def ask(client, entry, hours, reason="活动后帮忙收拾场地"):
    return client.post(reverse("ledger:correction_ask", args=[entry.pk]), {"hours": hours, "reason": reason})


def accept_url(request):
    return reverse("ledger:correction_decide", args=[request.pk, "accept"])


def refuse_url(request):
    return reverse("ledger:correction_decide", args=[request.pk, "refuse"])
