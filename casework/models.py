"""Casework (个案工作, MZ/T 094-2017): a case moves 接案 → 预估 → 计划 → 介入 → 评估 → 结案 under a supervisor.

Case content is the most sensitive data in the product: notes are encrypted at rest, and every read of a case
is logged (people.AccessLog)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopedQuerySet
from core.fields import EncryptedTextField


class Stage(models.TextChoices):
    INTAKE = "intake", _("intake (接案)")
    ASSESSMENT = "assessment", _("assessment (预估)")
    PLANNING = "planning", _("planning (计划)")
    PLAN_REVIEW = "plan_review", _("plan waiting for the supervisor")
    INTERVENTION = "intervention", _("intervention (介入)")
    EVALUATION = "evaluation", _("evaluation (评估)")
    CLOSURE_REVIEW = "closure_review", _("closure waiting for the supervisor")
    CLOSED = "closed", _("closed (结案)")


class Action(models.TextChoices):
    OPEN = "open", _("opened")
    AGREE = "agree", _("service agreement signed")
    ASSESS = "assess", _("assessment recorded")
    SUBMIT_PLAN = "submit_plan", _("plan submitted")
    APPROVE_PLAN = "approve_plan", _("plan approved")
    RETURN_PLAN = "return_plan", _("plan returned")
    EVALUATE = "evaluate", _("evaluation recorded")
    REQUEST_CLOSURE = "request_closure", _("closure requested")
    APPROVE_CLOSURE = "approve_closure", _("closure approved")
    RETURN_CLOSURE = "return_closure", _("closure returned")
    REOPEN = "reopen", _("reopened")
    CRISIS = "crisis", _("crisis flagged")
    RESPONDED = "responded", _("first crisis response")
    ESCALATED = "escalated", _("crisis escalated")
    REFERRED = "referred", _("referred")
    CRISIS_OVER = "crisis_over", _("crisis over")


class CloseReason(models.TextChoices):
    GOALS_MET = "goals_met", _("goals met")
    REFERRED = "referred", _("referred elsewhere")
    MOVED = "moved", _("moved away")
    DECLINED = "declined", _("the person ended the service")
    DIED = "died", _("died")


def archived_cases() -> models.Q:
    """Cases closed longer ago than CASE_RETENTION_DAYS: they leave the caseload and the case lists and are
    read only through the archive, by the supervisors of their area."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.CASE_RETENTION_DAYS)
    return models.Q(status=Stage.CLOSED, closed_at__lt=cutoff)


class CaseQuerySet(ScopedQuerySet):
    scope_rule = "case"


class ArchivedCaseQuerySet(ScopedQuerySet):
    scope_rule = "case_archive"


class Case(models.Model):
    """One person's case, held by one social worker and reviewed by the supervisors of its area."""

    recipient = models.ForeignKey(
        "people.Recipient", verbose_name=_("person served"), on_delete=models.PROTECT, related_name="cases"
    )
    need = models.ForeignKey(
        "needs.Need", verbose_name=_("from need"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social worker"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.INTAKE)
    presenting_problem = EncryptedTextField(_("presenting problem"))
    agreement_on = models.DateField(_("service agreement signed"), null=True, blank=True)
    crisis = models.BooleanField(_("crisis"), default=False)
    crisis_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    crisis_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    crisis_escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=12, choices=CloseReason.choices, blank=True)

    objects = CaseQuerySet.as_manager()
    archive = ArchivedCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(close_reason=""),
                name="closed_case_has_reason",
                violation_error_message=_("A closed case needs its reason for closing."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.recipient}"

    def get_absolute_url(self):
        return reverse("casework:detail", args=[self.pk])

    def decision_subjects(self):
        """The plan and the closure are approved by a supervisor who neither holds the case nor is its person."""
        return {self.social_worker_id, self.recipient.user_id}


class CaseEvent(models.Model):
    """One step of the case, timed: who, when, from which status to which (casework/workflow.py)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("what"), max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = EncryptedTextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.action}"


class Goal(models.Model):
    """A goal of the service plan, judged at evaluation."""

    class Outcome(models.TextChoices):
        MET = "met", _("met")
        PARTLY = "partly", _("partly met")
        NOT_MET = "not_met", _("not met")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=200)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self):
        return self.text


class AssessmentKind(models.TextChoices):
    BARTHEL = "barthel", _("activities of daily living (Barthel index)")
    RISK = "risk", _("risk screen")
    NEEDS = "needs", _("needs checklist")


class Phase(models.TextChoices):
    BEFORE = "before", _("at assessment")
    AFTER = "after", _("at evaluation")


class Assessment(models.Model):
    """A scored form, versioned by its kind and the version of its items; repeated at evaluation so progress
    shows as before and after."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("form"), max_length=10, choices=AssessmentKind.choices)
    form_version = models.PositiveSmallIntegerField(default=1)
    phase = models.CharField(_("when"), max_length=6, choices=Phase.choices)
    answers = models.JSONField()
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=12, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.phase}"


class ContactType(models.TextChoices):
    HOME_VISIT = "home_visit", _("home visit")
    PHONE = "phone", _("telephone")
    OFFICE = "office", _("at the social work station")
    ONLINE = "online", _("online")


class CaseNote(models.Model):
    """A case record (个案记录): a contact, how long, what happened. The text is encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    contact_type = models.CharField(_("contact"), max_length=10, choices=ContactType.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    content = EncryptedTextField(_("content"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    supervisor_comment = EncryptedTextField(_("supervisor's comment"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=600),
                name="note_minutes_range",
                violation_error_message=_("Minutes are 1 to 600."),
            )
        ]

    def __str__(self):
        return f"{self.case_id} {self.at:%Y-%m-%d}"

    def decision_subjects(self):
        """A supervisor's comment is on someone else's work."""
        return {self.by_id, self.case.social_worker_id}


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("waiting for the receiver")
    ACCEPTED = "accepted", pgettext_lazy("referral", "accepted")
    DECLINED = "declined", pgettext_lazy("referral", "declined")


class Referral(models.Model):
    """转介: the case goes to another agency or department, with a reason and the person's consent. Once the
    receiver accepts, its social workers (an agency) or liaisons (a department) may read the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("refer to"), on_delete=models.PROTECT, related_name="referrals_received"
    )
    reason = models.TextField(_("reason"))
    consent = models.CharField(_("consent given by"), max_length=50)
    status = models.CharField(_("status"), max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.case_id} → {self.to}"

    def decision_subjects(self):
        """The one who referred it does not accept it for the receiver."""
        return {self.by_id}


class Alert(models.Model):
    """Something a person must see now: a crisis flagged, or a crisis left without a first response."""

    class Kind(models.TextChoices):
        CRISIS = "crisis", _("crisis flagged")
        OVERDUE = "overdue", _("crisis without a first response in time")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "case", "kind"],
                name="alert_once",
                violation_error_message=_("This alert has been given already."),
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.case_id}"


class Attachment(models.Model):
    """A scanned agreement or letter: PDF, JPEG or PNG up to 5 MiB, kept encrypted in the database."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = EncryptedTextField()  # base64 of the file
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.name
