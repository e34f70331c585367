"""Who sees ledger entries; registered in LedgerConfig.ready() with the training sessions' area rule."""

from django.db.models import Q

from core.access import NOTHING, Scope
from people.access import volunteer_rule
from people.models import Volunteer


def ledger_entry_rule(scope: Scope) -> tuple[Q, Q]:
    """A volunteer's record is seen by the volunteer and by whoever may see the volunteer; nobody changes it."""
    volunteers_view, _change = volunteer_rule(scope)
    return Q(volunteer__in=Volunteer.objects.filter(volunteers_view).values("pk")), NOTHING
