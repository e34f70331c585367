"""Reads of the ledger shared by its pages and the home page's queue."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from core.access import scope_of
from ledger.corrections import corrections_decided_through_records
from ledger.models import CorrectionRequest, CorrectionStatus, LedgerEntry
from people.models import Volunteer


def corrections_to_decide(user):
    """Waiting correction requests the user decides through the records the hours came from (the registry of
    ledger/corrections.py: activities the user leads, organises or oversees), or of volunteers the user
    administers. The user's own are among them, to be seen but decided by another (core.access.may_decide)."""
    scope = scope_of(user)
    requests = CorrectionRequest.objects.filter(status=CorrectionStatus.PENDING).select_related(
        "entry__volunteer__user"
    )
    if scope.everything:
        return requests
    return requests.filter(
        corrections_decided_through_records(user) | Q(entry__volunteer__in=Volunteer.objects.changeable_by(user))
    )


# How a ledger entry reaches the attendance its hours come from: directly, as the replacement written by an
# accepted correction, or as the reversal of either.
VIA_ATTENDANCE = (
    "attendance",
    "replaces_request__attendance",
    "reverses__attendance",
    "reverses__replaces_request__attendance",
)


def attendance_entries(**activity):
    """The ledger entries whose hours come from attendance at the activities matching the lookups `activity`
    (on the activity: `project=p`, `campaign_link__campaign=c`), corrections included, so that their sum is the
    hours as corrected. Each carries its activity's pk (`activity_pk`) and region path (`where`): hours count
    where the activity took place. The one reading of attendance hours for projects and campaigns alike."""
    # From the activities down, each way by its index, then the union: an OR across the ways would outer-join the
    # whole ledger (a full scan per project at a million entries). Reversals are looked up by what they reverse.
    on_activity = {f"activity__{lookup}": value for lookup, value in activity.items()}
    direct = LedgerEntry.objects.filter(**{f"attendance__{k}": v for k, v in on_activity.items()})
    replaced = LedgerEntry.objects.filter(**{f"replaces_request__attendance__{k}": v for k, v in on_activity.items()})
    counted = direct.order_by().values("pk").union(replaced.order_by().values("pk"))
    reversals = LedgerEntry.objects.filter(reverses__in=counted).order_by().values("pk")
    linked = Q(pk__in=counted.union(reversals))
    return LedgerEntry.objects.filter(linked).annotate(
        activity_pk=Coalesce(*(F(f"{via}__activity_id") for via in VIA_ATTENDANCE)),
        where=Coalesce(*(F(f"{via}__activity__region__path") for via in VIA_ATTENDANCE)),
    )
