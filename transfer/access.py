"""Who sees an import: the region admins and social workers of the area it was made for (registered in
TransferConfig.ready()); anyone else gets 404."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.access import in_paths


def import_job_rule(scope: Scope) -> tuple[Q, Q]:
    if not scope.staff_paths:
        return NOTHING, NOTHING
    inside = in_paths("region", scope.staff_paths)
    return inside, inside
