"""Scoping by region: the building block of every app's rules (core.access holds the machinery)."""

from django.db.models import Q

from core.access import NOTHING, Scope
from regions.models import Region

COUNTY_DEPTH = 2  # "/province/city/county/" has depth 2


def in_paths(lookup: str, paths) -> Q:
    """Rows whose region (reached by `lookup`) lies in any of the subtrees.

    A small subtree (a township, a community) is matched by `region_id IN (SELECT id … WHERE path LIKE …)`,
    which lets the database start from the index on the region column. A county or larger holds most of
    the rows, so there a join on the path is cheaper: the list is read in key order and stops after a page
    (docs/benchmarks.md has both figures).
    """
    query = NOTHING
    small = [path for path in paths if path.count("/") - 2 > COUNTY_DEPTH]
    if small:
        query |= Q(**{f"{lookup}__in": Region.objects.within_paths(small).values("pk")})
    for path in paths:
        if path not in small:
            query |= Q(**{f"{lookup}__path__startswith": path})
    return query


def area_staff_rule(scope: Scope) -> tuple[Q, Q]:
    """Objects of an area belong to its workers, who see and change them: projects, training, matching runs,
    groups (each of those apps registers this rule under its own name)."""
    staff = in_paths("region", scope.staff_paths)
    return staff, staff
