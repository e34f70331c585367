"""Mediation (矛盾调解, as 李大姐说事团): a dispute is found, a trained mediator intervenes with the parties
under a social worker's guidance, and a follow-up visit evaluates the effect: 发现问题 → 介入干预 → 效果评估."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.fields import EncryptedTextField

MEDIATION_QUALIFICATION = "调解技巧"  # the qualification a mediator must hold, valid on the day


class DisputeKind(models.TextChoices):
    FAMILY = "family", _("family")
    NEIGHBOUR = "neighbour", _("neighbours")
    PROPERTY = "property", _("property and land")
    OTHER = "other", _("other")


class DisputeStage(models.TextChoices):
    FOUND = "found", _("found (发现问题)")
    INTERVENING = "intervening", _("intervention (介入干预)")
    FOLLOW_UP = "follow_up", _("waiting for the follow-up visit")
    EVALUATED = "evaluated", _("evaluated (效果评估)")


class DisputeAction(models.TextChoices):
    RECORDED = "recorded", _("found (发现问题)")
    ASSIGN = "assign", _("mediator assigned")
    SESSION = "session", _("mediation session recorded")
    CONCLUDE = "conclude", _("intervention concluded")
    EVALUATE = "evaluate", _("effect evaluated (效果评估)")


class DisputeQuerySet(ScopedQuerySet):
    scope_rule = "dispute"


class Dispute(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=DisputeKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    description = EncryptedTextField(_("what the dispute is about"))
    reported_by = models.CharField(_("found or reported by"), max_length=50)
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("guiding social worker"), on_delete=models.PROTECT, related_name="+"
    )
    mediator = models.ForeignKey(
        "people.Volunteer",
        verbose_name=_("mediator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("stage"), max_length=12, choices=DisputeStage.choices, default=DisputeStage.FOUND)
    agreement_reached = models.BooleanField(_("agreement reached"), null=True, blank=True)
    agreement = EncryptedTextField(_("agreement"), blank=True)
    follow_up_on = models.DateField(_("follow-up visit"), null=True, blank=True)
    follow_up_note = EncryptedTextField(_("what the follow-up found"), blank=True)
    resolved = models.BooleanField(_("resolved"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="dispute_satisfaction_1_to_5",
                violation_error_message=_("Satisfaction is 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("mediation:detail", args=[self.pk])

    def decision_subjects(self):
        """The effect of a mediation is evaluated by someone other than its mediator."""
        return {self.mediator.user_id if self.mediator_id else None}


class Party(models.Model):
    """A party to a dispute; the name is encrypted at rest, so parties are not searched by name."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="parties")
    name = EncryptedTextField(_("name"), max_length=50)
    side = models.CharField(_("side"), max_length=30)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name


class MediationSession(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField(_("date"))
    notes = EncryptedTextField(_("what happened"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.dispute_id} {self.on}"


class DisputeEvent(models.Model):
    """One step of the dispute, timed: who, when, from which status to which (mediation/workflow.py). The
    note is encrypted at rest, like the rest of the dispute."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("what"), max_length=10, choices=DisputeAction.choices)
    from_status = models.CharField(max_length=12, choices=DisputeStage.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=DisputeStage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("dispute step")
        verbose_name_plural = _("dispute steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.dispute_id} {self.action}"
