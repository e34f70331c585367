"""Who sees which notification and outbox message."""

from django.db.models import Q

from core.access import NOTHING, Scope


def notification_rule(scope: Scope) -> tuple[Q, Q]:
    """A notification is its person's own, nobody else's (a region admin reads the outbox, not the bell)."""
    if scope.user_id is None:
        return NOTHING, NOTHING
    own = Q(person_id=scope.user_id)
    return own, own


def message_rule(scope: Scope) -> tuple[Q, Q]:
    """The outbox: the person's own messages; every message of the area for its region admins, who resend."""
    area = Q(pk__in=[])
    for path in scope.admin_paths:
        area |= Q(region_path__startswith=path)
    own = Q(person_id=scope.user_id) if scope.user_id is not None else NOTHING
    return own | area, area
