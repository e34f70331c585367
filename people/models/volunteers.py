"""Volunteers: their registration, with the volunteer number given out per county and year."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from people.idcard import mask_id
from people.models.accounts import PersonQuerySet, Sex


class IdType(models.TextChoices):
    RESIDENT_ID = "resident", _("resident identity card")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    PASSPORT = "passport", _("passport")
    FOREIGN_PERMANENT = "foreign", _("foreign permanent resident ID card")


class VolunteerKind(models.TextChoices):
    PARTY_MEMBER = "party", _("party member")
    YOUTH = "youth", _("youth")
    VETERAN = "veteran", _("veteran")
    ELDERLY = "elderly", _("elderly")
    GENERAL = "general", _("resident")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")


class VolunteerQuerySet(PersonQuerySet):
    scope_rule = "volunteer"

    def search(self, term: str, **kwargs):
        term = (term or "").strip()
        if term.isdigit() and len(term) > 4:
            return self.filter(volunteer_number__startswith=term)
        return super().search(term, name_prefix="user__")


class Volunteer(models.Model):
    """A registered volunteer, with the basic information of 《志愿服务记录与证明出具办法》 Art. 5."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT)
    volunteer_number = models.CharField(_("volunteer number"), max_length=20, unique=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    id_type = models.CharField(_("ID document type"), max_length=10, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = EncryptedTextField(_("ID document number"))
    id_index = models.CharField(max_length=64, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("area of residence"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    kind = models.CharField(
        _("volunteer kind"), max_length=10, choices=VolunteerKind.choices, default=VolunteerKind.GENERAL
    )
    skills = models.ManyToManyField("dictionaries.Skill", verbose_name=_("professional skills"), blank=True)
    service_fields = models.ManyToManyField(
        "dictionaries.ServiceField", verbose_name=_("service categories"), blank=True
    )
    languages = models.ManyToManyField("dictionaries.Language", verbose_name=_("languages"), blank=True)
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    weekly_capacity = models.PositiveSmallIntegerField(
        _("tasks a week at most"), default=2, help_text=_("0 pauses new tasks.")
    )
    status = models.CharField(
        _("registration status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [models.Index(fields=["region", "kind"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="volunteer_coordinates_valid",
                violation_error_message=_("Give both latitude and longitude within range, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_capacity__lte=14),
                name="volunteer_capacity_at_most_14",
                violation_error_message=_("At most 14 tasks a week."),
            ),
        ]

    def __str__(self):
        return f"{self.user.name} ({self.volunteer_number})"

    def get_absolute_url(self):
        return reverse("people:volunteer_detail", args=[self.pk])

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def age(self) -> int:
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def decision_subjects(self):
        """A volunteer's hours, honours and registration are never decided by the volunteer."""
        return {self.user_id}


class VolunteerNumberCounter(models.Model):
    """The last volunteer number given out per county and year."""

    prefix = models.CharField(max_length=12, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last}"
