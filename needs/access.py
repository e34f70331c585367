"""Who sees and answers needs and tasks; registered in NeedsConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from needs.task_time import TaskTime
from regions.access import in_paths


def need_rule(scope: Scope) -> tuple[Q, Q]:
    """Workers of the area see and answer needs; a resident follows their own. A department sees only what
    was dispatched to it, through the dispatch (dispatch_rule), never the need's whole page."""
    staff = in_paths("region", scope.staff_paths)
    own = Q(recipient_id=scope.recipient_id) if scope.recipient_id else NOTHING
    return staff | own, staff


def task_rule(scope: Scope) -> tuple[Q, Q]:
    """A task shows a place and a contact. Its volunteer reads it; a team's members read a task offered to the
    team while no one has it, not one of another member (unless they served on it too); the team's leader reads
    all the team's tasks."""
    staff = in_paths("need__region", scope.staff_paths)
    mine = Q(volunteer_id=scope.volunteer_id) if scope.volunteer_id else NOTHING
    open_to_team = Q(team_id__in=scope.member_team_ids, volunteer__isnull=True) if scope.member_team_ids else NOTHING
    led = Q(team_id__in=scope.led_team_ids) if scope.led_team_ids else NOTHING
    # A member of a team task whose leader marked them as having served reads it with their service time.
    served = (
        Q(pk__in=TaskTime.objects.filter(volunteer_id=scope.volunteer_id).values("task_id"))
        if scope.volunteer_id
        else NOTHING
    )
    return staff | mine | open_to_team | led | served, staff
