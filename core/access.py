"""The one place that decides what a user may see and change.

Every scoped model's queryset is a `ScopedQuerySet` naming its rule; `visible_to(user)` and
`changeable_by(user)` apply that rule from `RULES` below. Views fetch single objects through
`get_for_user`, which answers 404 for an object outside the user's scope, exactly as for one that does
not exist, and 403 for an object the user may see but not change.

Nobody decides their own request: each model that is decided (a correction, an application, a sign-up,
an attendance, a case's plan and closure …) declares whom it is about with `decision_subjects()`, and
`may_decide` is the one rule that every service deciding one applies and every page asks before offering
the button.

Every view declares its access rule with one of the decorators at the end of this module; a test walks the
URL configuration and fails for any view that declares none.
"""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """What one user holds, read once per request from grants, memberships and profiles."""

    everything: bool = False
    admin_paths: tuple[str, ...] = ()
    social_paths: tuple[str, ...] = ()
    liaison_org_ids: frozenset[int] = field(default_factory=frozenset)
    led_team_ids: frozenset[int] = field(default_factory=frozenset)
    member_team_ids: frozenset[int] = field(default_factory=frozenset)
    volunteer_id: int | None = None
    recipient_id: int | None = None
    user_id: int | None = None
    supervisor_paths: tuple[str, ...] = ()
    agency_id: int | None = None

    @property
    def staff_paths(self) -> tuple[str, ...]:
        return self.admin_paths + self.social_paths


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_qianniu_scope", None)
    if cached is not None:
        return cached
    from orgs.models import MembershipRole, MembershipStatus, TeamMembership
    from people.models import Role, RoleGrant

    if user.is_superuser:
        scope = Scope(everything=True)
    else:
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
        scope = Scope(
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
    user._qianniu_scope = scope
    return scope


COUNTY_DEPTH = 2  # "/province/city/county/" has depth 2


def in_paths(lookup: str, paths) -> Q:
    """Rows whose region (reached by `lookup`) lies in any of the subtrees.

    A small subtree (a township, a community) is matched by `region_id IN (SELECT id … WHERE path LIKE …)`,
    which lets the database start from the index on the region column. A county or larger holds most of
    the rows, so there a join on the path is cheaper: the list is read in key order and stops after a page
    (docs/benchmarks.md has both figures).
    """
    from regions.models import Region

    query = NOTHING
    small = [path for path in paths if path.count("/") - 2 > COUNTY_DEPTH]
    if small:
        query |= Q(**{f"{lookup}__in": Region.objects.within_paths(small).values("pk")})
    for path in paths:
        if path not in small:
            query |= Q(**{f"{lookup}__path__startswith": path})
    return query


# Each rule maps a scope to (what it may see, what it may change).


def organisation_rule(scope: Scope) -> tuple[Q, Q]:
    view = (
        in_paths("region", scope.staff_paths)
        | Q(pk__in=scope.liaison_org_ids)
        | Q(pk__in=scope.led_team_ids)
        | Q(pk__in=scope.member_team_ids)
    )
    change = in_paths("region", scope.admin_paths) | Q(pk__in=scope.led_team_ids) | Q(pk__in=scope.liaison_org_ids)
    return view, change


def volunteer_rule(scope: Scope) -> tuple[Q, Q]:
    from orgs.models import MembershipStatus, TeamMembership

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
    from people.models import Role, RoleGrant

    working_inside = RoleGrant.objects.filter(
        in_paths("region", scope.staff_paths), role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR]
    ).values("user_id")
    view = Q(user_id__in=working_inside) if scope.staff_paths else NOTHING
    change = (
        Q(user_id__in=working_inside.filter(in_paths("region", scope.admin_paths))) if scope.admin_paths else NOTHING
    )
    return view, change


def need_rule(scope: Scope) -> tuple[Q, Q]:
    """Workers of the area see and answer needs; a resident follows their own. A department sees only what
    was dispatched to it, through the dispatch (dispatch_rule), never the need's whole page."""
    staff = in_paths("region", scope.staff_paths)
    own = Q(recipient_id=scope.recipient_id) if scope.recipient_id else NOTHING
    return staff | own, staff


def task_rule(scope: Scope) -> tuple[Q, Q]:
    """A task shows a place and a contact. Its volunteer reads it; a team's members read a task offered to the
    team while no one has it, not one of another member; the team's leader reads all the team's tasks."""
    staff = in_paths("need__region", scope.staff_paths)
    mine = Q(volunteer_id=scope.volunteer_id) if scope.volunteer_id else NOTHING
    open_to_team = Q(team_id__in=scope.member_team_ids, volunteer__isnull=True) if scope.member_team_ids else NOTHING
    led = Q(team_id__in=scope.led_team_ids) if scope.led_team_ids else NOTHING
    return staff | mine | open_to_team | led, staff


def dispatch_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("need__region", scope.staff_paths)
    department = Q(department_id__in=scope.liaison_org_ids) if scope.liaison_org_ids else NOTHING
    return staff | department, staff | department


def resource_rule(scope: Scope) -> tuple[Q, Q]:
    staff = in_paths("area", scope.staff_paths) | in_paths("provider__region", scope.staff_paths)
    department = Q(provider_id__in=scope.liaison_org_ids) if scope.liaison_org_ids else NOTHING
    return staff | department, staff | department


def area_staff_rule(scope: Scope) -> tuple[Q, Q]:
    """Objects of an area belong to its workers, who see and change them: projects, training, matching runs,
    groups."""
    staff = in_paths("region", scope.staff_paths)
    return staff, staff


def activity_rule(scope: Scope) -> tuple[Q, Q]:
    """Published activities are public (the recruitment page); drafts belong to their organisers."""
    staff = in_paths("region", scope.staff_paths)
    led = Q(organiser_id__in=scope.led_team_ids) if scope.led_team_ids else NOTHING
    return Q(status="published") | staff | led, staff | led


def ledger_entry_rule(scope: Scope) -> tuple[Q, Q]:
    """A volunteer's record is seen by the volunteer and by whoever may see the volunteer; nobody changes it."""
    from people.models import Volunteer

    volunteers_view, _change = volunteer_rule(scope)
    return Q(volunteer__in=Volunteer.objects.filter(volunteers_view).values("pk")), NOTHING


def case_rule(scope: Scope) -> tuple[Q, Q]:
    """A case is read and changed only by its social worker and the supervisors of its area; an agency or a
    department it was referred to, once it accepted, may read it. Region admins see the access log, not the
    case. A case closed longer ago than the retention period has left the working lists: only the archive
    (case_archive_rule) reads it."""
    from casework.models import Referral, ReferralStatus, archived_cases

    # A worker holds their cases only while still a social worker of the case's area.
    own = Q(social_worker_id=scope.user_id) & in_paths("region", scope.social_paths) if scope.user_id else NOTHING
    supervising = in_paths("region", scope.supervisor_paths) if scope.supervisor_paths else NOTHING
    receivers = set(scope.liaison_org_ids) | ({scope.agency_id} if scope.agency_id else set())
    referred = (
        Q(pk__in=Referral.objects.filter(to_id__in=receivers, status=ReferralStatus.ACCEPTED).values("case_id"))
        if receivers
        else NOTHING
    )
    working = ~archived_cases()
    return (own | supervising | referred) & working, (own | supervising) & working


def case_archive_rule(scope: Scope) -> tuple[Q, Q]:
    """Cases past the retention period, read by the supervisors of their area only; nobody changes them."""
    from casework.models import archived_cases

    supervising = in_paths("region", scope.supervisor_paths) if scope.supervisor_paths else NOTHING
    return supervising & archived_cases(), NOTHING


def dispute_rule(scope: Scope) -> tuple[Q, Q]:
    """Disputes belong to the workers of their community; the assigned mediator reads their own."""
    staff = in_paths("region", scope.staff_paths)
    mediating = Q(mediator_id=scope.volunteer_id) if scope.volunteer_id else NOTHING
    return staff | mediating, staff


def consent_rule(scope: Scope) -> tuple[Q, Q]:
    """A consent is seen with its person's record and withdrawn by whoever may change that record, and by the
    person themself (a resident their own recipient record's consents, a volunteer their own)."""
    from people.models import Recipient, Volunteer

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


def pi_request_rule(scope: Scope) -> tuple[Q, Q]:
    """A request to correct or delete personal information: the person who filed it follows it; the region
    admins of the person's county decide it, and the admins above once it is overdue or was routed up
    (filed by the county's only admin). Nobody decides their own request."""
    own = Q(requester_id=scope.user_id) if scope.user_id else NOTHING
    if not scope.admin_paths:
        return own, NOTHING
    county = Q(county__path__in=scope.admin_paths)
    above = (Q(escalated_at__isnull=False) | Q(routed_up=True)) & in_paths("county", scope.admin_paths)
    deciding = (county | above) & ~own
    return own | deciding, deciding


RULES = {
    "consent": consent_rule,
    "pi_request": pi_request_rule,
    "case_archive": case_archive_rule,
    "dispute": dispute_rule,
    "group": area_staff_rule,
    "case": case_rule,
    "match_run": area_staff_rule,
    "training": area_staff_rule,
    "activity": activity_rule,
    "ledger_entry": ledger_entry_rule,
    "need": need_rule,
    "task": task_rule,
    "dispatch": dispatch_rule,
    "resource": resource_rule,
    "project": area_staff_rule,
    "organisation": organisation_rule,
    "volunteer": volunteer_rule,
    "recipient": recipient_rule,
    "social_worker": social_worker_rule,
}


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model names a rule in RULES."""

    scope_rule: str = ""

    def _restrict(self, user, which: int):
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(RULES[self.scope_rule](scope)[which])

    def visible_to(self, user):
        return self._restrict(user, 0)

    def changeable_by(self, user):
        return self._restrict(user, 1)


def get_for_user(queryset: ScopedQuerySet, user, pk, *, change: bool = False):
    """One object the user may see (404 otherwise); with change=True, one it may change (403 otherwise)."""
    try:
        obj = queryset.visible_to(user).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if change and not queryset.model._default_manager.changeable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def can_change(user, obj) -> bool:
    return type(obj)._default_manager.changeable_by(user).filter(pk=obj.pk).exists()


# Separation of duties: the same rule for every decision, in services and on pages.


def subjects_of(obj) -> set[int]:
    """The users `obj` is about, as its model declares with `decision_subjects()`. A model that is decided and
    declares nobody is a programming error, not an open door."""
    declared = getattr(obj, "decision_subjects", None)
    if declared is None:
        raise TypeError(f"{type(obj).__name__} does not declare decision_subjects()")
    return {pk for pk in declared() if pk is not None}


def may_decide(user, obj) -> bool:
    """False when `user` is one of those `obj` is about: nobody decides, records or approves their own request,
    hours, application or plan. Whether the user may decide at all is the scope's question (`changeable_by`)."""
    return getattr(user, "pk", None) is not None and user.pk not in subjects_of(obj)


def check_not_own(user, obj, error: type[Exception], message: str | None = None) -> None:
    """Raise `error` (the calling service's own error) when `user` may not decide `obj`."""
    if not may_decide(user, obj):
        raise error(message or gettext("Nobody decides their own request: another person who may decide it will."))


# Declarations of access for views. The URL test requires each view to carry `access_rule`.


def public(view):
    """Anyone, signed in or not. Such a view must show no personal data."""
    view.access_rule = "public"
    return view


def signed_in(view):
    """Any signed-in user; what it shows comes from the user's own scope."""
    wrapped = login_required(view)
    wrapped.access_rule = "signed in"
    return wrapped


def scoped(rule: str):
    """A signed-in user, on objects fetched through the named rule (404 outside the scope)."""
    if rule not in RULES:
        raise ValueError(f"unknown scope rule {rule!r}")

    def decorate(view):
        wrapped = login_required(view)
        wrapped.access_rule = f"scoped: {rule}"
        return wrapped

    return decorate
