"""Who sees and changes activities; registered in ActivitiesConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.access import in_paths


def activity_rule(scope: Scope) -> tuple[Q, Q]:
    """Published activities are public (the recruitment page); drafts belong to their organisers."""
    staff = in_paths("region", scope.staff_paths)
    led = Q(organiser_id__in=scope.led_team_ids) if scope.led_team_ids else NOTHING
    return Q(status="published") | staff | led, staff | led
