"""The county's own staff: the account of each person a region admin brought in, the one-time invitations
with which they set their password, and the record of every change to staff accounts and role grants."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class StaffAccount(models.Model):
    """The area a staff account belongs to, so the admins of that area keep it in view after its last
    grant has ended; `ended_at` is when the account was ended (the user is then inactive)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="staff_account"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self):
        return f"{self.user} · {self.region}"


def token_digest(token: str) -> str:
    """What is stored of an invitation's token: its SHA-256. The token holds 256 random bits, so the
    digest alone cannot be turned back into a working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time link with which a new staff member sets their password. Only the token's digest is
    stored; the link is shown once, to the admin who passes it on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class StaffAction(models.TextChoices):
    CREATED = "created", _("account created")
    INVITED = "invited", _("invitation link made")
    JOINED = "joined", _("password set through the invitation")
    CHANGED = "changed", _("account changed")
    GRANTED = "granted", _("role granted")
    GRANT_ENDED = "grant_ended", _("role ended")
    ENDED = "ended", _("account ended")
    RESTORED = "restored", _("account restored")


class StaffEvent(models.Model):
    """One change to a staff account or its roles: who made it, when, and what it was. Rows are only added."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="staff_events"
    )
    action = models.CharField(_("change"), max_length=12, choices=StaffAction.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("staff change")
        verbose_name_plural = _("staff changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


class DutyShiftQuerySet(ScopedQuerySet):
    scope_rule = "duty_shift"


class DutyShift(models.Model):
    """The roster: which supervisor is on duty for an area (and every area below it) from when to when. A crisis
    alert of a case in the area goes to the supervisor on duty (casework's case_flag_crisis)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("supervisor on duty"), on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("on duty from"))
    ends_at = models.DateTimeField(_("on duty until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DutyShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="duty_shift_ends_after_it_starts",
                violation_error_message=_("A duty shift ends after it starts."),
            )
        ]
        indexes = [models.Index(fields=["region", "ends_at"], name="duty_shift_current")]

    def __str__(self):
        return f"{self.region_id} {self.supervisor_id} {self.starts_at:%Y-%m-%d %H:%M}"
