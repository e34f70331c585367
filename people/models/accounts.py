"""Accounts: the user who signs in, the staff roles granted over a region or an organisation, the log of
sensitive values read in full, and the blind indexes and name search shared by every kind of person."""

import functools

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin
from pypinyin.constants import RE_HANS
from pypinyin.seg.simpleseg import simple_seg

from core import crypto
from core.access import ScopedQuerySet
from core.fields import EncryptedTextField
from core.masking import mask_mobile
from people.idcard import InvalidNumber, normalize_mobile


def phone_index(phone: str) -> str:
    return crypto.blind_index("mobile", phone)


def id_index(id_type: str, number: str) -> str:
    return crypto.blind_index(f"id:{id_type}", number)


def name_search_fields(name: str) -> dict:
    """Pinyin forms of a Chinese name for search: 张三 → zhangsan, zs."""
    syllables = [syllable for run in simple_seg(name) if RE_HANS.match(run) for syllable in _run_pinyin(run)]
    initials = [syllable[0] for syllable in syllables if syllable]  # Style.FIRST_LETTER, without a second pass
    return {"name_pinyin": "".join(syllables).lower()[:200], "name_initials": "".join(initials).lower()[:50]}


@functools.lru_cache(maxsize=65536)
def _run_pinyin(run: str) -> tuple[str, ...]:
    """The syllables of a run of Chinese characters, as `lazy_pinyin` reads it. pypinyin splits a text into such
    runs and reads each alone (what lies between has no pinyin and is dropped), so a name's pinyin is its runs'
    in order; a roster repeats its surnames and names, and a run is read once (an import of 76,000 rows)."""
    return tuple(lazy_pinyin(run, errors="ignore"))


class DuplicateRegistration(ValueError):
    """The mobile number or ID document is registered already."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


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

    def create_user(self, phone: str, password: str | None = None, *, name: str, **fields):
        """A new account (`people.services.user_create`, and Django's `createsuperuser`): the mobile number
        with its blind index, the name with its pinyin, and a password that meets
        settings.AUTH_PASSWORD_VALIDATORS, whoever sets it."""
        phone = normalize_mobile(phone)
        fields = {
            **fields,
            **{"phone": phone, "phone_index": phone_index(phone), "phone_last4": phone[-4:]},
            **name_search_fields(name),
        }
        if self.filter(phone_index=fields["phone_index"]).exists():
            raise DuplicateRegistration(
                "phone", gettext("This mobile number is registered already. Please sign in instead.")
            )
        user = self.model(name=name.strip(), **fields)
        if password is not None:
            password_validation.validate_password(password, user)
        user.set_password(password)
        user.save(using=self._db)
        return user

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
