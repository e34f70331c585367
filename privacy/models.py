"""Requests to correct or delete personal information (PIPL Art. 46–47), decided by the county's region
admins within a deadline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopedQuerySet
from core.fields import EncryptedTextField


class RequestKind(models.TextChoices):
    CORRECT = "correct", _("correct my information")
    DELETE = "delete", _("delete my information")


class Item(models.TextChoices):
    """Which information a correction is about."""

    NAME = "name", _("name")
    MOBILE = "mobile", _("mobile number")
    ID_NUMBER = "id_number", _("ID document number")
    BIRTH_SEX = "birth_sex", _("date of birth or sex")
    ADDRESS = "address", _("area of residence or address")
    SKILLS = "skills", _("skills, languages or availability")
    GUARDIAN = "guardian", _("guardian or contact person")
    SITUATION = "situation", _("groups or situation (health, disability, hardship)")
    REQUESTS = "requests", _("needs and requests for help")
    OTHER = "other", _("something else")


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for an administrator")
    DONE = "done", _("done")
    REFUSED = "refused", pgettext_lazy("request", "refused")


class PIRequestQuerySet(ScopedQuerySet):
    scope_rule = "pi_request"

    def waiting(self):
        return self.filter(status=RequestStatus.WAITING)


class PIRequest(models.Model):
    """A person asks to correct or delete their personal information. It goes to the region admins of the
    person's county, is due within PI_REQUEST_DAYS working days, and goes up to the admins above when late.
    The text is encrypted at rest: a request may say what a record wrongly holds about one's health."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="pi_requests"
    )
    county = models.ForeignKey("regions.Region", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("request"), max_length=8, choices=RequestKind.choices)
    item = models.CharField(_("which information"), max_length=12, choices=Item.choices, blank=True)
    detail = EncryptedTextField(_("what should change"))
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(_("status"), max_length=8, choices=RequestStatus.choices, default=RequestStatus.WAITING)
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    due_on = models.DateField(_("due"))
    routed_up = models.BooleanField(
        _("decided above the county"),
        default=False,
        help_text=_("Filed by the county's only region admin, so the admins above decide it."),
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    answer = EncryptedTextField(_("answer"), blank=True)

    objects = PIRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal information request")
        verbose_name_plural = _("personal information requests")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="waiting") | (models.Q(decided_at__isnull=False) & ~models.Q(answer="")),
                name="pi_request_decided_with_answer",
                violation_error_message=_("A decided request says when and how it was decided."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("privacy:request_detail", args=[self.pk])

    @property
    def erases_everything(self) -> bool:
        """A deletion of no particular item: done means the person is erased (`privacy.services.person_erase`)."""
        return self.kind == RequestKind.DELETE and not self.item

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.filed_at)).days

    @property
    def overdue(self) -> bool:
        return self.status == RequestStatus.WAITING and self.due_on < timezone.localdate()
