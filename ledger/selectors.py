"""Reads of the ledger shared by its pages and the home page's queue."""

from django.db.models import Q

from core.access import scope_of
from ledger.corrections import corrections_decided_through_records
from ledger.models import CorrectionRequest, CorrectionStatus
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
