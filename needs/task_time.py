"""A volunteer's time on a home-service task (Art. 7: a home visit is a service record too): started and ended
on the volunteer's phone at the visit, or entered by the worker or the team leader; confirmed by someone other
than the volunteer; then credited to the ledger once. Imported by needs.models, so Django registers it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeMethod(models.TextChoices):
    PHONE = "phone", _("on the volunteer's phone")
    WORKER = "worker", _("entered by the social worker")
    LEADER = "leader", _("marked by the team leader")


class ConfirmedHow(models.TextChoices):
    WORKER = "worker", _("by the social worker")
    LEADER = "leader", _("by the team leader")
    EVALUATION = "evaluation", _("by the recipient's evaluation")


class TaskTime(models.Model):
    """One volunteer's service on one task: each member of a team task who served has their own."""

    task = models.ForeignKey("needs.Task", on_delete=models.PROTECT, related_name="times")
    volunteer = models.ForeignKey(
        "people.Volunteer", verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="task_times"
    )
    started_at = models.DateTimeField(_("service started"))
    ended_at = models.DateTimeField(_("service ended"), null=True, blank=True)
    method = models.CharField(_("how recorded"), max_length=8, choices=TimeMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_how = models.CharField(_("confirmed"), max_length=10, choices=ConfirmedHow.choices, blank=True)
    entry = models.OneToOneField(
        "ledger.LedgerEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="task_time"
    )

    class Meta:
        verbose_name = _("service time on a task")
        verbose_name_plural = _("service times on tasks")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "volunteer"],
                name="task_time_once",
                violation_error_message=_("This volunteer's service on this task is recorded already."),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=models.F("started_at")),
                name="task_time_ends_after_start",
                violation_error_message=_("The service ends after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(entry__isnull=True) | models.Q(confirmed_at__isnull=False),
                name="task_time_credited_once_confirmed",
                violation_error_message=_("Service time is credited only once it is confirmed."),
            ),
        ]

    def __str__(self):
        return f"{self.task_id} {self.volunteer_id} {self.started_at:%Y-%m-%d %H:%M}"

    def decision_subjects(self):
        """Nobody confirms their own service time."""
        return {self.volunteer.user_id}

    @property
    def waits_for_confirmation(self) -> bool:
        return self.ended_at is not None and self.confirmed_at is None
