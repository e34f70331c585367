"""State changes of sign-in: the authenticator (TOTP) and recovery codes of two-factor sign-in, and the
unlocking of a lockout."""

import secrets

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.crypto import blind_index
from signin.selectors import two_factor_required

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_CODE_LENGTH = 16  # 16 characters of 31: 79 bits


class TwoFactorError(ValueError):
    """A two-factor step that cannot be done; the message says why, in the user's language."""


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed hash, so the database alone does not reveal the codes.
    Dashes, spaces and case do not matter when a code is typed in."""
    normalized = "".join(code.split()).replace("-", "").lower()
    return blind_index("recovery", normalized)[:16]  # django-otp keeps at most 16 characters per token


def _recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4))


def pending_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def two_factor_enrol_start(*, user) -> TOTPDevice:
    """A new authenticator key for the user to scan, waiting for its first code. An earlier key that was
    never confirmed is dropped; a confirmed one keeps working until the new one is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def two_factor_enrol_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code it shows. It replaces any earlier authenticator, and a
    fresh set of recovery codes is made; they are returned to be shown once and never again."""
    device = pending_authenticator(user)
    if device is None:
        raise TwoFactorError(_("Start the set-up again: no authenticator is waiting to be confirmed."))
    if not device.verify_token("".join(token.split())):  # a failure counts towards throttling first
        raise TwoFactorError(_("The code is wrong or has expired. Enter the six digits the app shows now."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user)
    return device, codes


def _recovery_codes_replace(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_digest(code)) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise TwoFactorError(_("Set up two-factor sign-in first."))
    return _recovery_codes_replace(user)


def two_factor_verify(*, user, token: str):
    """The device that accepts this code, or None. Six digits are checked against the authenticator; anything
    else as a recovery code, which is then used up. Failures slow further tries down (django-otp's
    throttling), so they are committed, not rolled back."""
    token = "".join(token.split())
    if token.isdigit() and len(token) == 6:
        devices, candidate = TOTPDevice.objects.filter(user=user, confirmed=True), token
    else:
        devices, candidate = StaticDevice.objects.filter(user=user, confirmed=True), recovery_digest(token)
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(candidate):
                return device
    return None


def two_factor_wait_until(user):
    """When the user may try a code again after too many wrong ones, or None if they may now."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return details.get("locked_until")
    return None


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """Turn two-factor sign-in off; refused for those who must have it."""
    if two_factor_required(user):
        raise TwoFactorError(_("Your role requires two-factor sign-in; it cannot be turned off."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def lockout_reset(*, user=None, address: str | None = None) -> int:
    """Forget the failed sign-ins of an account (all addresses) or of a client address (all accounts), so
    the lockout ends now. Returns how many records were removed."""
    if user is None and not address:
        raise ValueError("lockout_reset needs a user or an address")
    attempts = AccessAttempt.objects.none()
    if user is not None:
        attempts = attempts | AccessAttempt.objects.filter(username=user.phone_index)
    if address:
        attempts = attempts | AccessAttempt.objects.filter(ip_address=address)
    count, _ = attempts.delete()
    return count
