"""django-axes as Qianniu counts it: failed sign-ins per account and per client address, in the database
that every web process shares.

An account is locked after settings.SIGNIN_ACCOUNT_FAILURES wrong passwords, from whatever addresses they
came; an address after settings.SIGNIN_ADDRESS_FAILURES, for whatever accounts (credential stuffing). Only
failures count. A lockout ends AXES_COOLOFF_TIME after the last failure that counted, or when an
administrator unlocks it (`signin.services.lockout_reset`).
"""

import datetime
import re

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from people.idcard import InvalidNumber, normalize_mobile
from people.models import phone_index

BLIND_INDEX = re.compile(r"[0-9a-f]{64}")


def account_key(request, credentials: dict | None = None) -> str | None:
    """What the lockout records as the account: the blind index of the mobile number typed in, so that
    "135 1234 5678" and "13512345678" count as one account and no number is stored in the clear. On a
    successful sign-in axes passes the user's own USERNAME_FIELD, which is that index already."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if not typed:
        return None
    typed = str(typed).strip()
    if BLIND_INDEX.fullmatch(typed):
        return typed
    try:
        return phone_index(normalize_mobile(typed))
    except InvalidNumber:
        return phone_index(typed[:40])


def _total(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    """The database handler of django-axes with one limit for each thing it counts.

    Axes compares a single number, `get_failures`, with AXES_FAILURE_LIMIT (the account limit). An address
    may fail SIGNIN_ADDRESS_FAILURES times instead, so its count is put on the account's scale: it reaches
    the account limit exactly when the address reaches its own."""

    def failure_counts(self, request, credentials: dict | None = None) -> tuple[int, int]:
        """(failures of the account, failures from the address) within the cool-off time."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        account = get_client_username(request, credentials)
        by_account = _total(recent.filter(username=account)) if account else 0
        return by_account, _total(recent.filter(ip_address=request.axes_ip_address))

    def get_failures(self, request, credentials: dict | None = None) -> int:
        by_account, by_address = self.failure_counts(request, credentials)
        limit = get_failure_limit(request, credentials)
        return max(by_account, by_address * limit // settings.SIGNIN_ADDRESS_FAILURES)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in, forgive the account's own typos from this address. Failures from
        other addresses stay (someone else may be guessing), and so do other accounts' failures from this
        address (a credential stuffer cannot clear them by signing in to an account of their own)."""
        account = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=account, ip_address=request.axes_ip_address).delete()
        return count


def locked_until(request, credentials: dict | None = None) -> datetime.datetime:
    """When every failure that counts against this account or address has expired: the lockout is over
    by then at the latest."""
    account = get_client_username(request, credentials)
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    counted = recent.filter(ip_address=request.axes_ip_address)
    if account:
        counted = counted | recent.filter(username=account)
    latest = counted.aggregate(t=Max("attempt_time"))["t"] or timezone.now()
    return latest + get_cool_off(request)
