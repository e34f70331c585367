"""Who sees and changes organisations; registered in OrgsConfig.ready()."""

from django.db.models import Q

from core.access import Scope
from regions.access import in_paths


def organisation_rule(scope: Scope) -> tuple[Q, Q]:
    view = (
        in_paths("region", scope.staff_paths)
        | Q(pk__in=scope.liaison_org_ids)
        | Q(pk__in=scope.led_team_ids)
        | Q(pk__in=scope.member_team_ids)
    )
    change = in_paths("region", scope.admin_paths) | Q(pk__in=scope.led_team_ids) | Q(pk__in=scope.liaison_org_ids)
    return view, change
