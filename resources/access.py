"""Who sees and changes resources; registered in ResourcesConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.access import in_paths


def resource_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("area", scope.staff_paths) | in_paths("provider__region", scope.staff_paths)
    department = Q(provider_id__in=scope.liaison_org_ids) if scope.liaison_org_ids else NOTHING
    return staff | department, staff | department
