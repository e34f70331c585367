"""Reads of staff accounts, through the `staff` rule."""

from django.db.models import Q
from django.utils import timezone

from core.access import rule_of, scope_of
from orgs.models import Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership
from people.models import Role, RoleGrant, User
from regions.models import Level, Region
from staff.models import StaffEvent


def staff_visible_to(user, *, change: bool = False):
    """The staff accounts a user may see (or change): everything for a superuser, the area for an admin."""
    scope = scope_of(user)
    if scope.everything:
        return User.objects.all()
    if not scope.admin_paths:
        return User.objects.none()
    return User.objects.filter(rule_of("staff")(scope)[1 if change else 0])


def grants_of(user):
    return RoleGrant.objects.filter(user=user).select_related("region", "organisation", "granted_by").order_by("pk")


def leaderships_of(user):
    return TeamMembership.objects.filter(
        volunteer__user=user, role=MembershipRole.LEADER, status=MembershipStatus.APPROVED
    ).select_related("team__region")


def events_of(user):
    return StaffEvent.objects.filter(user=user).select_related("by")


def grant_regions(by):
    """The regions a user may grant region roles over: their area, down to the communities."""
    scope = scope_of(by)
    regions = Region.objects.all() if scope.everything else Region.objects.within_paths(scope.admin_paths)
    return regions.exclude(level=Level.GRID)


def grant_organisations(by, kind: str):
    """Departments (for liaisons) or teams (for leaders) of the user's area."""
    scope = scope_of(by)
    organisations = Organisation.objects.filter(kind=kind, active=True).select_related("region")
    if scope.everything:
        return organisations
    query = Q(pk__in=[])
    for path in scope.admin_paths:
        query |= Q(region__path__startswith=path)
    return organisations.filter(query)


def departments_in_area(by):
    return grant_organisations(by, Kind.DEPARTMENT)


def teams_in_area(by):
    return grant_organisations(by, Kind.TEAM)


def duty_roster(user, *, now=None):
    """The shifts of the user's areas that have not ended, soonest first."""
    from staff.models import DutyShift

    now = now or timezone.now()
    shifts = DutyShift.objects.visible_to(user).filter(ends_at__gt=now)
    return shifts.select_related("region", "supervisor").order_by("starts_at", "pk")


def on_duty(region: Region, *, at=None, among=None) -> list[User]:
    """The supervisors on duty for `region` at `at`: a shift of the nearest area at or above it (a community's
    own roster before its township's). With `among` (the users who still supervise the area), a shift of anyone
    else is passed over, as if nobody were on duty in that shift. Empty when nobody is on duty."""
    from staff.models import DutyShift

    at = at or timezone.now()
    shifts = DutyShift.objects.filter(
        region__path__in=region.paths_above, starts_at__lte=at, ends_at__gt=at, supervisor__is_active=True
    ).select_related("region", "supervisor")
    if among is not None:
        shifts = shifts.filter(supervisor__in=among)
    nearest = max((shift.region.path for shift in shifts), key=len, default=None)
    return [shift.supervisor for shift in shifts if shift.region.path == nearest]


def supervisors_for_roster(user):
    """Whom the roster may name: the active supervisors of the user's areas."""
    scope = scope_of(user)
    paths = scope.supervisor_paths + scope.admin_paths
    grants = RoleGrant.objects.filter(role=Role.SUPERVISOR)
    if not scope.everything:
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(region__path__startswith=path)
        grants = grants.filter(query)
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("name")


def roster_areas(user):
    """The areas whose roster the user keeps: their supervisor and admin areas and those below."""
    scope = scope_of(user)
    if scope.everything:
        return Region.objects.all()
    query = Q(pk__in=[])
    for path in scope.supervisor_paths + scope.admin_paths:
        query |= Q(path__startswith=path)
    return Region.objects.filter(query).order_by("path")
