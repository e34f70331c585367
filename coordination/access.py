"""Who sees and manages a coordination group and what hangs from it; registered in CoordinationConfig.ready().

A group belongs to a region (a province, a city, a county …). The staff of that region and of every region
below it see it (a county's admin takes part in the province's campaigns), and so do the liaisons of its member
units; the admins of its region (or above) manage it. Meetings, supervised items and campaigns follow their
group; the liaisons of an item's owner unit also report on it.
"""

from django.db.models import Q

from coordination.models import GroupMember
from core.access import NOTHING, Scope
from regions.access import in_paths


def _above(paths) -> list[str]:
    """Every path on the way from the root down to each of `paths`, the paths themselves included."""
    return sorted({path[: index + 1] for path in paths for index, char in enumerate(path) if char == "/" and index})


def group_q(scope: Scope, prefix: str = "") -> tuple[Q, Q]:
    view = in_paths(f"{prefix}region", scope.staff_paths)
    if scope.staff_paths:
        view |= Q(**{f"{prefix}region__path__in": _above(scope.staff_paths)})
    if scope.liaison_org_ids:
        members = GroupMember.objects.filter(organisation_id__in=scope.liaison_org_ids).values("group_id")
        key = "group_id__in" if prefix else "pk__in"
        view |= Q(**{key: members})
    return view, in_paths(f"{prefix}region", scope.admin_paths)


def group_rule(scope: Scope) -> tuple[Q, Q]:
    return group_q(scope)


def meeting_rule(scope: Scope) -> tuple[Q, Q]:
    return group_q(scope, "group__")


def campaign_rule(scope: Scope) -> tuple[Q, Q]:
    return group_q(scope, "group__")


def supervised_item_rule(scope: Scope) -> tuple[Q, Q]:
    view, manage = group_q(scope, "group__")
    owner = Q(owner_id__in=scope.liaison_org_ids) if scope.liaison_org_ids else NOTHING
    return view, manage | owner
