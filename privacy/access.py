"""Who follows and decides requests about personal information; registered in PrivacyConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.access import in_paths


def pi_request_rule(scope: Scope) -> tuple[Q, Q]:
    """A request to correct or delete personal information: the person who filed it follows it; the region
    admins of the person's county decide it, and the admins above once it is overdue or was routed up
    (filed by the county's only admin). Nobody decides their own request."""
    own = Q(requester_id=scope.user_id) if scope.user_id else NOTHING
    if not scope.admin_paths:
        return own, NOTHING
    county = Q(county__path__in=scope.admin_paths)
    above = (Q(escalated_at__isnull=False) | Q(routed_up=True)) & in_paths("county", scope.admin_paths)
    deciding = (county | above) & ~own
    return own | deciding, deciding
