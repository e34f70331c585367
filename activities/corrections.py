"""Who decides a correction of hours that came from an activity, registered with ledger in
ActivitiesConfig.ready()."""

from django.db.models import Q

from activities.models import Activity
from ledger.corrections import correction_decider_register, correction_reviewers_register
from orgs.models import MembershipRole, MembershipStatus, TeamMembership


def requests_decided_by(user) -> Q:
    """Requests about hours of activities the user leads, organises or oversees, through any earlier
    correction."""
    managed = Activity.objects.changeable_by(user)
    return Q(attendance__activity__in=managed) | Q(entry__attendance__activity__in=managed)


def reviewers_of(request) -> list[int]:
    """The activity's lead and the approved leaders of the team that organised it, for hours from attendance."""
    if request.attendance_id is None:
        return []
    activity = Activity.objects.select_related("organiser").get(attendances__pk=request.attendance_id)
    leaders = TeamMembership.objects.filter(
        team_id=activity.organiser_id, role=MembershipRole.LEADER, status=MembershipStatus.APPROVED
    ).values_list("volunteer__user_id", flat=True)
    return [activity.lead_id, *leaders]


def register() -> None:
    correction_decider_register("activity", requests_decided_by)
    correction_reviewers_register("activity", reviewers_of)
