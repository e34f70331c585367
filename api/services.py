"""Creating, revoking and presenting personal access tokens."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import SCOPES, AccessToken, token_digest

TOKEN_PREFIX = "qn_"  # noqa: S105 (a marker that tells a token apart, not a secret)
MAX_DAYS = 365


class TokenError(ValueError):
    """A token that cannot be made or revoked as asked; the message says why."""


@transaction.atomic
def token_create(*, user, name: str, scopes: list[str], days: int) -> tuple[AccessToken, str]:
    """A new token for `user`; returns it with its secret, which is shown once and never stored."""
    unknown = set(scopes) - set(SCOPES)
    if not scopes or unknown:
        raise TokenError(_("Choose at least one scope from the list."))
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(_("A token lasts from 1 to 365 days."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        scopes=sorted(scopes),
        digest=token_digest(secret),
        prefix=secret[:10],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: AccessToken, by) -> AccessToken:
    """Revoke a token (its owner, or a region admin of the owner's area: the `access_token` rule)."""
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError(_("This token has been revoked already."))
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_authenticate(secret: str) -> AccessToken | None:
    """The usable token with this secret, its use noted at most once a minute; None for any other."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = AccessToken.objects.usable().select_related("user").filter(digest=token_digest(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
