"""Who sees and changes dispatches; registered in DispatchConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.access import in_paths


def dispatch_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("need__region", scope.staff_paths)
    department = Q(department_id__in=scope.liaison_org_ids) if scope.liaison_org_ids else NOTHING
    return staff | department, staff | department
