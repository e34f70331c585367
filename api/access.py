"""Who sees and revokes access tokens (registered in ApiConfig.ready()): their owner, and the region admins
of the area the owner works or lives in (the same area as staff accounts: staff.access.staff_rule). An admin
revokes only the tokens of the people whose account they may change, not of all those they see: a worker who
also holds a grant in another county is not theirs alone to cut off."""

from django.db.models import Q

from core.access import NOTHING, Scope
from people.models import User
from staff.access import staff_rule


def token_rule(scope: Scope) -> tuple[Q, Q]:
    own = Q(user_id=scope.user_id) if scope.user_id else NOTHING
    if not scope.admin_paths:
        return own, own
    see, change = staff_rule(scope)
    return own | Q(user__in=User.objects.filter(see).values("pk")), own | Q(
        user__in=User.objects.filter(change).values("pk")
    )
