"""Whom the organisation services tell: the volunteer, of the team's decision on their application."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from notifications.services import notification_raise


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
