"""Who must sign in with a second factor, and how long a session may last."""

import datetime

from django.conf import settings
from django_otp import user_has_device

from core.access import scope_of


def is_staff_account(user) -> bool:
    """Superusers, back-office users and anyone holding a role grant (region admins, social workers,
    supervisors, department liaisons). Volunteers, team leaders and residents are not."""
    scope = scope_of(user)
    return bool(user.is_superuser or user.is_staff or scope.staff_paths or scope.liaison_org_ids)


def two_factor_required(user) -> bool:
    """Superusers, back-office users and region admins cannot work without a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or scope_of(user).admin_paths)


def has_two_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def session_limits(user) -> tuple[datetime.timedelta, datetime.timedelta]:
    """(idle timeout, absolute lifetime) of a session of this user."""
    if is_staff_account(user):
        return settings.SIGNIN_STAFF_IDLE, settings.SIGNIN_STAFF_LIFETIME
    return settings.SIGNIN_MEMBER_IDLE, settings.SIGNIN_MEMBER_LIFETIME
