"""Who sees and changes staff accounts: the region admins of the area they work in (registered in
StaffConfig.ready()). A staff account is a user; it is in an area when one of its grants is (a region
role's region, a liaison's department), when it leads a team there, or when it was brought in there. A
volunteer living there is in it too, to be made a team leader."""

from django.db.models import Q

from core.access import NOTHING, Scope
from orgs.models import MembershipRole, MembershipStatus, TeamMembership
from people.models import RoleGrant, Volunteer
from regions.access import in_paths
from staff.models import StaffAccount


def grants_inside(paths) -> Q:
    """Grants held over a region or a department of the area."""
    return in_paths("region", paths) | in_paths("organisation__region", paths)


def staff_rule(scope: Scope) -> tuple[Q, Q]:
    paths = scope.admin_paths
    if not paths:
        return NOTHING, NOTHING
    inside = (
        Q(pk__in=RoleGrant.objects.filter(grants_inside(paths)).values("user_id"))
        | Q(pk__in=StaffAccount.objects.filter(in_paths("region", paths)).values("user_id"))
        | Q(
            pk__in=TeamMembership.objects.filter(
                in_paths("team__region", paths), role=MembershipRole.LEADER, status=MembershipStatus.APPROVED
            ).values("volunteer__user_id")
        )
        # a registered volunteer of the area, to be made a team leader
        | Q(pk__in=Volunteer.objects.filter(in_paths("region", paths)).values("user_id"))
    )
    # Changing the account itself (its name, its number, ending it) reaches every grant it holds, so it is
    # for the admins of an area that holds all of them; superusers are changed in the back office only.
    outside = RoleGrant.objects.exclude(grants_inside(paths)).values("user_id")
    change = inside & ~Q(pk__in=outside) & Q(is_superuser=False)
    return inside, change


def duty_shift_rule(scope: Scope) -> tuple[Q, Q]:
    """The roster of an area: its supervisors and region admins see it and change it (a supervisor of a township
    keeps the roster of the township and its communities)."""
    paths = scope.supervisor_paths + scope.admin_paths
    if not paths:
        return NOTHING, NOTHING
    inside = in_paths("region", paths)
    return inside, inside
