"""What waits in orgs: applications to join the teams a leader leads. Registered with core.queues in
OrgsConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import scope_of
from core.queues import QueueItem, QueueProvider, queue_register
from orgs.models import MembershipStatus, TeamMembership


def applications_to_decide(user):
    """Applications waiting in the teams the user leads, not their own."""
    scope = scope_of(user)
    if not scope.led_team_ids:
        return None
    return (
        TeamMembership.objects.filter(team_id__in=scope.led_team_ids, status=MembershipStatus.PENDING)
        .exclude(volunteer__user=user)
        .select_related("team", "volunteer__user")
    )


def _application_line(membership: TeamMembership) -> QueueItem:
    return QueueItem(
        title=f"{membership.volunteer.user.name} → {membership.team.name}",
        url=reverse("orgs:team_detail", args=[membership.team_id]) + "#pending",
        since=membership.applied_at,
    )


def register() -> None:
    queue_register(
        QueueProvider(
            key="team_applications",
            label=_("Applications to join your teams"),
            items=applications_to_decide,
            describe=_application_line,
            order="applied_at",
            position=30,
        )
    )
