"""Who reads the figures: the staff of an area (region admins, social workers) read its subtree's facts."""

from django.db.models import Q

from core.access import Scope
from regions.access import in_paths


def fact_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("region", scope.staff_paths)
    return staff, Q(pk__in=[])  # facts are written by the rollup job only
