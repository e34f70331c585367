"""Who sees and revokes access tokens (registered in ApiConfig.ready()): their owner, and the region admins
of the area the owner works or lives in (the same area as staff accounts: staff.access.staff_rule)."""

from django.db.models import Q

from core.access import NOTHING, Scope
from people.models import User
from staff.access import staff_rule


def token_rule(scope: Scope) -> tuple[Q, Q]:
    own = Q(user_id=scope.user_id) if scope.user_id else NOTHING
    area, _change = staff_rule(scope)
    in_area = Q(user__in=User.objects.filter(area).values("pk")) if scope.admin_paths else NOTHING
    return own | in_area, own | in_area
