"""Who sees and changes disputes; registered in MediationConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.access import in_paths


def dispute_rule(scope: Scope) -> tuple[Q, Q]:
    """Disputes belong to the workers of their community; the assigned mediator reads their own."""
    staff = in_paths("region", scope.staff_paths)
    mediating = Q(mediator_id=scope.volunteer_id) if scope.volunteer_id else NOTHING
    return staff | mediating, staff
