"""Who reads and changes cases, and the archive of old ones; registered in CaseworkConfig.ready()."""

from django.db.models import Q

from casework.models import Referral, ReferralStatus, archived_cases
from core.access import NOTHING, Scope
from regions.access import in_paths


def case_rule(scope: Scope) -> tuple[Q, Q]:
    """A case is read and changed only by its social worker and the supervisors of its area; an agency or a
    department it was referred to, once it accepted, may read it. Region admins see the access log, not the
    case. A case closed longer ago than the retention period has left the working lists: only the archive
    (case_archive_rule) reads it."""
    # A worker holds their cases only while still a social worker of the case's area.
    own = Q(social_worker_id=scope.user_id) & in_paths("region", scope.social_paths) if scope.user_id else NOTHING
    supervising = in_paths("region", scope.supervisor_paths) if scope.supervisor_paths else NOTHING
    receivers = set(scope.liaison_org_ids) | ({scope.agency_id} if scope.agency_id else set())
    referred = (
        Q(pk__in=Referral.objects.filter(to_id__in=receivers, status=ReferralStatus.ACCEPTED).values("case_id"))
        if receivers
        else NOTHING
    )
    working = ~archived_cases()
    return (own | supervising | referred) & working, (own | supervising) & working


def case_archive_rule(scope: Scope) -> tuple[Q, Q]:
    """Cases past the retention period, read by the supervisors of their area only; nobody changes them."""
    supervising = in_paths("region", scope.supervisor_paths) if scope.supervisor_paths else NOTHING
    return supervising & archived_cases(), NOTHING
