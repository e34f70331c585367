"""Needs sent to departments (派单) with a deadline: accepted, returned with a reason, or completed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class DispatchStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn with the need")


OPEN_DISPATCH = (DispatchStatus.SENT, DispatchStatus.ACCEPTED)


class DispatchQuerySet(ScopedQuerySet):
    scope_rule = "dispatch"

    def open(self):
        return self.filter(status__in=OPEN_DISPATCH)


class Dispatch(models.Model):
    """One need sent to one department."""

    need = models.ForeignKey("needs.Need", on_delete=models.CASCADE, related_name="dispatches")
    department = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("department"), on_delete=models.PROTECT, related_name="dispatches"
    )
    instructions = models.TextField(_("what is asked"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=DispatchStatus.choices, default=DispatchStatus.SENT)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    reply = models.TextField(_("reason or result"), blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["deadline"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.need_id} → {self.department}"

    def decision_subjects(self):
        """The department answers a dispatch; whoever sent it does not answer it as the department."""
        return {self.sent_by_id}
