"""Personal access tokens of the API: each with scopes and an expiry, stored as the SHA-256 of its secret."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet

# Each area of the API is read or written under its own scope; a write scope reads the area too.
AREAS = {
    "people": _("volunteers, recipients and teams"),
    "needs": _("needs and dispatches"),
    "activities": _("activities and attendance"),
    "ledger": _("the hours ledger"),
    "matching": _("matching runs"),
}
READ_ONLY_AREAS = {"ledger"}
SCOPES = [f"{area}:read" for area in AREAS] + [f"{area}:write" for area in AREAS if area not in READ_ONLY_AREAS]


def scope_label(scope: str) -> str:
    area, mode = scope.split(":")
    return f"{AREAS[area]} · {_('write') if mode == 'write' else _('read')}"


def token_digest(secret: str) -> str:
    """What is stored of a token: its SHA-256. The secret holds 256 random bits, so the digest cannot be
    turned back into a working token."""
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessTokenQuerySet(ScopedQuerySet):
    scope_rule = "access_token"

    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class AccessToken(models.Model):
    """A personal access token: the API acts as its owner, within the owner's scope and the token's scopes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(_("name"), max_length=60)
    scopes = models.JSONField(_("scopes"), default=list)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="access_token_expires_after_creation",
                violation_error_message=_("A token must expire after it is created."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, scope: str) -> bool:
        """`needs:read` is allowed by `needs:read` or `needs:write`."""
        area, mode = scope.split(":")
        return scope in self.scopes or (mode == "read" and f"{area}:write" in self.scopes)
