"""A user's scope and who sees and changes people's records; registered in PeopleConfig.ready()."""

from django.db.models import Q

from core.access import NOTHING, Scope
from orgs.models import MembershipRole, MembershipStatus, TeamMembership
from people.models import Recipient, Role, RoleGrant, Volunteer
from regions.access import in_paths


def scope_build(user) -> Scope:
    """What a signed-in user holds, from their grants, team memberships and profiles (core.access.scope_of
    caches it per request and answers for anonymous users and superusers itself)."""
    grants = list(RoleGrant.objects.filter(user=user).select_related("region"))
    volunteer_id = getattr(getattr(user, "volunteer", None), "pk", None)
    memberships = (
        list(
            TeamMembership.objects.filter(volunteer_id=volunteer_id, status=MembershipStatus.APPROVED).values_list(
                "team_id", "role"
            )
        )
        if volunteer_id
        else []
    )
    recipient = getattr(user, "recipient", None)
    return Scope(
        admin_paths=tuple(g.region.path for g in grants if g.role == Role.REGION_ADMIN),
        social_paths=tuple(g.region.path for g in grants if g.role in {Role.SOCIAL_WORKER, Role.SUPERVISOR}),
        liaison_org_ids=frozenset(g.organisation_id for g in grants if g.role == Role.DEPARTMENT_LIAISON),
        led_team_ids=frozenset(team for team, role in memberships if role == MembershipRole.LEADER),
        member_team_ids=frozenset(team for team, _ in memberships),
        volunteer_id=volunteer_id,
        recipient_id=recipient.pk if recipient else None,
        user_id=user.pk,
        supervisor_paths=tuple(g.region.path for g in grants if g.role == Role.SUPERVISOR),
        agency_id=getattr(getattr(user, "socialworker", None), "agency_id", None),
    )


def volunteer_rule(scope: Scope) -> tuple[Q, Q]:
    def in_region_or_team(paths) -> Q:
        """Volunteers living in the area, and approved members of its teams (an application alone grants
        nobody a view of the applicant)."""
        if not paths:
            return NOTHING
        members_inside = TeamMembership.objects.filter(
            in_paths("team__region", paths), status=MembershipStatus.APPROVED
        ).values("volunteer_id")
        return in_paths("region", paths) | Q(pk__in=members_inside)

    # A leader sees the team's members and the applications waiting for a decision.
    led = (
        Q(
            pk__in=TeamMembership.objects.filter(
                team_id__in=scope.led_team_ids, status__in=[MembershipStatus.APPROVED, MembershipStatus.PENDING]
            ).values("volunteer_id")
        )
        if scope.led_team_ids
        else NOTHING
    )
    own = Q(pk=scope.volunteer_id) if scope.volunteer_id else NOTHING
    view = in_region_or_team(scope.staff_paths) | led | own
    change = in_region_or_team(scope.admin_paths) | own
    return view, change


def recipient_rule(scope: Scope) -> tuple[Q, Q]:
    own = Q(pk=scope.recipient_id) if scope.recipient_id else NOTHING
    return in_paths("region", scope.staff_paths) | own, in_paths("region", scope.staff_paths)


def social_worker_rule(scope: Scope) -> tuple[Q, Q]:
    working_inside = RoleGrant.objects.filter(
        in_paths("region", scope.staff_paths), role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR]
    ).values("user_id")
    view = Q(user_id__in=working_inside) if scope.staff_paths else NOTHING
    change = (
        Q(user_id__in=working_inside.filter(in_paths("region", scope.admin_paths))) if scope.admin_paths else NOTHING
    )
    return view, change


def consent_rule(scope: Scope) -> tuple[Q, Q]:
    """A consent is seen with its person's record and withdrawn by whoever may change that record, and by the
    person themself (a resident their own recipient record's consents, a volunteer their own)."""
    recipients_view, recipients_change = recipient_rule(scope)
    volunteers_view, volunteers_change = volunteer_rule(scope)
    own = (Q(recipient_id=scope.recipient_id) if scope.recipient_id else NOTHING) | (
        Q(volunteer_id=scope.volunteer_id) if scope.volunteer_id else NOTHING
    )
    view = (
        Q(recipient__in=Recipient.objects.filter(recipients_view).values("pk"))
        | Q(volunteer__in=Volunteer.objects.filter(volunteers_view).values("pk"))
        | own
    )
    change = (
        Q(recipient__in=Recipient.objects.filter(recipients_change).values("pk"))
        | Q(volunteer__in=Volunteer.objects.filter(volunteers_change).values("pk"))
        | own
    )
    return view, change
