"""Social workers: their professional profile (qualification level, certificate, agency)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class Qualification(models.TextChoices):
    ASSISTANT = "assistant", _("assistant social worker")
    INTERMEDIATE = "intermediate", _("social worker")
    SENIOR = "senior", _("senior social worker")


class SocialWorkerQuerySet(ScopedQuerySet):
    scope_rule = "social_worker"


class SocialWorker(models.Model):
    """A social worker's professional profile: qualification level, certificate and agency."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT)
    qualification = models.CharField(_("qualification level"), max_length=12, choices=Qualification.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    agency = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="social_workers",
    )

    objects = SocialWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("social worker")
        verbose_name_plural = _("social workers")

    def __str__(self):
        return f"{self.user.name} ({self.get_qualification_display()})"
