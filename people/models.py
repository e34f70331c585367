"""People: accounts, role grants, and the profiles of volunteers, social workers and recipients."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.access import ScopedQuerySet
from core.fields import EncryptedTextField
from people.idcard import InvalidNumber, mask_id, mask_mobile, normalize_mobile


def phone_index(phone: str) -> str:
    return crypto.blind_index("mobile", phone)


def id_index(id_type: str, number: str) -> str:
    return crypto.blind_index(f"id:{id_type}", number)


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class UserManager(BaseUserManager):
    def get_by_natural_key(self, username):
        """Sign-in looks a user up by the blind index of the mobile number typed in."""
        try:
            phone = normalize_mobile(username)
        except InvalidNumber:
            raise self.model.DoesNotExist from None
        return self.get(phone_index=phone_index(phone))

    def create_user(self, phone: str, password: str | None = None, **fields):
        from people.services import user_create

        return user_create(phone=phone, password=password, **fields)

    def create_superuser(self, phone: str | None = None, password: str | None = None, **fields):
        # `createsuperuser` passes the mobile number as the USERNAME_FIELD.
        phone = phone or fields.pop("phone_index")
        fields.setdefault("name", _("Administrator"))
        return self.create_user(phone, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in, with a mobile number and a password. The mobile number is stored encrypted;
    sign-in finds it by its keyed blind index."""

    name = models.CharField(_("name"), max_length=50)
    name_pinyin = models.CharField(_("pinyin"), max_length=200, blank=True, editable=False)
    name_initials = models.CharField(_("pinyin initials"), max_length=50, blank=True, editable=False, db_index=True)
    phone = EncryptedTextField(_("mobile number"))
    phone_index = models.CharField(max_length=64, unique=True, editable=False)
    phone_last4 = models.CharField(max_length=4, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the back office"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone_index"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_mobile(self.phone)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name


class Role(models.TextChoices):
    REGION_ADMIN = "region_admin", _("region administrator")
    DEPARTMENT_LIAISON = "liaison", _("department liaison")
    SOCIAL_WORKER = "social_worker", _("social worker")
    SUPERVISOR = "supervisor", _("supervisor")
    TEAM_LEADER = "team_leader", _("team leader")
    VOLUNTEER = "volunteer", _("volunteer")
    RESIDENT = "resident", _("resident")


REGION_ROLES = (Role.REGION_ADMIN, Role.SOCIAL_WORKER, Role.SUPERVISOR)
ORGANISATION_ROLES = (Role.DEPARTMENT_LIAISON,)


class RoleGrant(models.Model):
    """A staff role held over a region subtree or an organisation. Team leaders, volunteers and residents
    need no grant: their scope follows from their team membership and their own profile."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, r.label) for r in (*REGION_ROLES, *ORGANISATION_ROLES)]
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=[r.value for r in REGION_ROLES], region__isnull=False, organisation__isnull=True)
                    | models.Q(
                        role__in=[r.value for r in ORGANISATION_ROLES], region__isnull=True, organisation__isnull=False
                    )
                ),
                name="grant_scope_matches_role",
                violation_error_message=_(
                    "A region role is granted for a region, an organisation role for an organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "organisation"],
                name="grant_once",
                violation_error_message=_("This person holds this role here already."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.region or self.organisation}"


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


class PersonQuerySet(ScopedQuerySet):
    def search(self, term: str, *, name_prefix: str = ""):
        """Chinese characters match the name, latin letters the pinyin or its initials ("zs" → 张三),
        four digits the end of the mobile number."""
        term = (term or "").strip().lower()
        if not term:
            return self
        if term.isdigit() and len(term) == 4:
            return self.filter(**{f"{name_prefix}phone_last4": term})
        if term.isascii() and term.isalpha():
            return self.filter(
                models.Q(**{f"{name_prefix}name_initials__startswith": term})
                | models.Q(**{f"{name_prefix}name_pinyin__startswith": term})
            )
        return self.filter(**{f"{name_prefix}name__contains": term})


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


class AccessLog(models.Model):
    """Every read of a sensitive value in full (PIPL Art. 51): who, what, when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(max_length=20)
    subject_id = models.PositiveBigIntegerField()
    field_name = models.CharField(max_length=30)
    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.subject_type}#{self.subject_id}.{self.field_name}"
