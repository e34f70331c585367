"""Reads of the region tree that other apps share: the regions a user's scope covers."""

from django.db.models import Q

from core.access import scope_of
from regions.models import Region


def regions_in_scope(user):
    scope = scope_of(user)
    if scope.everything:
        return Region.objects.all()
    return Region.objects.within_paths(scope.staff_paths)


def regions_around(user):
    """The user's area and the regions above it (a community is served by its county's departments)."""
    scope = scope_of(user)
    if scope.everything:
        return Region.objects.all()
    above = {code for path in scope.staff_paths for code in path.strip("/").split("/") if code}
    return Region.objects.filter(Q(pk__in=regions_in_scope(user).values("pk")) | Q(code__in=above))
