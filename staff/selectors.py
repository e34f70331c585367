"""Reads of staff accounts, through the `staff` rule."""

from django.db.models import Q

from core.access import rule_of, scope_of
from orgs.models import Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership
from people.models import RoleGrant, User
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
