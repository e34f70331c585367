"""Recipients (服务对象) and the consents given by them, their guardians or volunteers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.fields import EncryptedTextField
from core.masking import mask_mobile
from people.idcard import mask_id
from people.models.accounts import PersonQuerySet, Sex
from people.models.volunteers import Volunteer


class RecipientQuerySet(PersonQuerySet):
    scope_rule = "recipient"


class Recipient(models.Model):
    """A person served (服务对象). Most have no account; a resident who signs in is linked by `user`."""

    name = models.CharField(_("name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, blank=True, editable=False)
    name_initials = models.CharField(max_length=50, blank=True, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_index = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    id_last4 = models.CharField(max_length=4, blank=True, db_index=True, editable=False)  # shown in every mask
    phone = EncryptedTextField(_("telephone"), blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    groups = models.ManyToManyField("dictionaries.TargetGroup", verbose_name=_("groups"), blank=True)
    tags = models.ManyToManyField("dictionaries.RecipientTag", verbose_name=_("tags"), blank=True)
    guardian_name = models.CharField(_("guardian or contact person"), max_length=50, blank=True)
    guardian_relation = models.CharField(_("relation"), max_length=20, blank=True)
    guardian_phone = EncryptedTextField(_("guardian's telephone"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        indexes = [models.Index(fields=["region"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:recipient_detail", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone) if self.phone else ""

    @property
    def masked_guardian_phone(self) -> str:
        return mask_mobile(self.guardian_phone) if self.guardian_phone else ""

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number) if self.id_number else ""

    def consent_withdrawn(self, kind: str) -> bool:
        """A consent of this kind was withdrawn and none is in force: what depended on it stops."""
        consents = self.consents.filter(kind=kind)
        return consents.filter(withdrawn_at__isnull=False).exists() and not consents.active().exists()

    @property
    def is_child_under_14(self) -> bool:
        if not self.birth_date:
            return False
        today = timezone.localdate()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        ) < 14

    def decision_subjects(self):
        """A resident who is also a worker does not open or hold a case about themself."""
        return {self.user_id}


class ConsentKind(models.TextChoices):
    PERSONAL = "personal", _("processing of personal information")
    SENSITIVE = "sensitive", _("processing of sensitive personal information")
    GUARDIAN = "guardian", _("guardian's consent for a child under 14")
    PRIVACY_POLICY = "privacy", _("volunteer privacy policy")


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("signed on paper")
    VERBAL = "verbal", _("verbal, witnessed")


class ConsentQuerySet(ScopedQuerySet):
    scope_rule = "consent"

    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """A consent given by a person or a guardian: what was consented, when, by whom (PIPL Art. 14, 29, 31).
    A withdrawal keeps the row and stops what depended on it (`privacy.services.consent_withdraw`)."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, null=True, blank=True, related_name="consents")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, null=True, blank=True, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=12, choices=ConsentKind.choices)
    scope = models.CharField(_("what was consented"), max_length=300)
    given_by = models.CharField(_("given by"), max_length=50)
    relation = models.CharField(_("relation to the person"), max_length=20, default="本人")
    method = models.CharField(_("method"), max_length=10, choices=ConsentMethod.choices)
    policy_version = models.CharField(_("text version"), max_length=20, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False, volunteer__isnull=True)
                | models.Q(recipient__isnull=True, volunteer__isnull=False),
                name="consent_has_one_subject",
                violation_error_message=_("A consent is given for one person: a person served or a volunteer."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.given_by}"
