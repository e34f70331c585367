"""Whom the organisation services tell: the team's leaders, of a new application; the volunteer, of the team's
decision on it."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from notifications.services import notification_raise
from orgs.models import MembershipRole, MembershipStatus


def application_waiting(membership) -> None:
    """Each approved leader of the team (never the applicant): once per application, and again when a refused or
    former member applies anew (the application's date is in the event)."""
    leaders = (
        membership.team.memberships.filter(role=MembershipRole.LEADER, status=MembershipStatus.APPROVED)
        .exclude(volunteer_id=membership.volunteer_id)
        .values_list("volunteer__user_id", flat=True)
    )
    notification_raise(
        kind="application_waiting",
        event_key=f"membership:{membership.pk}:applied:{membership.applied_at:%Y%m%d%H%M%S%f}",
        people=list(leaders),
        url=reverse("orgs:team_detail", args=[membership.team_id]),
        region=membership.team.region,
        params={"person": membership.volunteer.user.name, "team": membership.team.name},
    )


def application_decided(membership, approved: bool) -> None:
    notification_raise(
        kind="application_decided",
        event_key=f"membership:{membership.pk}:decided",
        people=[membership.volunteer.user_id],
        url=reverse("orgs:team_detail", args=[membership.team_id]),
        region=membership.team.region,
        params={
            "team": membership.team.name,
            "decision": pgettext_lazy("decision", "approved") if approved else pgettext_lazy("decision", "refused"),
        },
    )
