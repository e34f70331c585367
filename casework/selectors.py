"""Reads of cases shared with other pages: a recipient's cases, for casework roles only."""

from casework.models import Case
from core.access import scope_of


def recipient_cases(user, recipient):
    """The person's cases the viewer may read (the case rule: its worker, the area's supervisors, a receiving
    agency), shown only to casework roles: a region admin does not read cases and sees no such section."""
    scope = scope_of(user)
    if not (scope.social_paths or scope.everything):
        return None
    return Case.objects.visible_to(user).filter(recipient=recipient).select_related("social_worker")
