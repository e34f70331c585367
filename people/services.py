"""State changes of people: accounts, volunteers, recipients, consents and reads of sensitive values."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import check_not_own
from core.forms import BIRTH_DATE
from people.idcard import normalize_id, normalize_mobile
from people.models import (
    AccessLog,
    Consent,
    ConsentKind,
    ConsentMethod,
    DuplicateRegistration,
    IdType,
    Recipient,
    RegistrationStatus,
    User,
    Volunteer,
    VolunteerNumberCounter,
    id_index,
    name_search_fields,
)
from regions.models import Level, Region

PRIVACY_POLICY_VERSION = "2026-11"


class PeopleError(ValueError):
    """A change the rules do not allow; the message says why."""


class InvalidProfile(ValueError):
    """A value that no form lets through (a date of birth in the future), refused again here for every other
    caller."""


def _require_real_birth_date(day):
    message = BIRTH_DATE.problem(day)
    if message:
        raise InvalidProfile(message)


@transaction.atomic
def user_create(*, phone: str, name: str, password: str | None = None, **fields) -> User:
    """The account is built by `UserManager.create_user`, which Django's `createsuperuser` calls too."""
    return User.objects.create_user(phone, password, name=name, **fields)


@transaction.atomic
def user_update_name(*, user: User, name: str) -> User:
    user.name = name.strip()
    for key, value in name_search_fields(user.name).items():
        setattr(user, key, value)
    user.save(update_fields=["name", "name_pinyin", "name_initials"])
    return user


def county_of(region: Region) -> Region | None:
    return region.ancestors().filter(level=Level.COUNTY).first() if region.level != Level.COUNTY else region


def volunteer_number_next(*, region: Region, on: datetime.date) -> str:
    """County code + year + six-digit sequence: 1505212026000123. The counter row is incremented with one
    UPDATE, which takes the write lock first, so two registrations at once never get the same number."""
    county = county_of(region)
    prefix = f"{county.code if county else region.code[:6]}{on.year}"
    VolunteerNumberCounter.objects.get_or_create(prefix=prefix)
    VolunteerNumberCounter.objects.filter(prefix=prefix).update(last=F("last") + 1)
    last = VolunteerNumberCounter.objects.get(prefix=prefix).last
    return f"{prefix}{last:06d}"


def _id_fields(id_type: str, id_number: str) -> dict:
    number = normalize_id(id_number)
    return {"id_type": id_type, "id_number": number, "id_index": id_index(id_type, number)}


def id_number_taken(*, id_type: str, id_number: str, exclude_pk: int | None = None) -> bool:
    taken = Volunteer.objects.filter(id_index=id_index(id_type, normalize_id(id_number)))
    return taken.exclude(pk=exclude_pk).exists()


VOLUNTEER_PROFILE_FIELDS = (
    "sex", "birth_date", "region", "address", "latitude", "longitude", "kind", "availability", "weekly_capacity",
)  # fmt: skip
VOLUNTEER_M2M_FIELDS = ("skills", "service_fields", "languages")


@transaction.atomic
def volunteer_register(
    *,
    name: str,
    phone: str,
    password: str | None,
    id_type: str = IdType.RESIDENT_ID,
    id_number: str,
    profile: dict,
    team=None,
    consent_method: str = ConsentMethod.ONLINE,
    recorded_by: User | None = None,
) -> Volunteer:
    """Register a volunteer: account, Art. 5 profile, a volunteer number, the privacy consent, and an
    application to a team if one was chosen. Either all of it is written or none."""
    _require_real_birth_date(profile.get("birth_date"))
    if id_number_taken(id_type=id_type, id_number=id_number):
        raise DuplicateRegistration(
            "id_number",
            _(
                "This ID number is registered already, perhaps by a school, an event or your community. "
                "Sign in with the mobile number used then, or ask your community social worker to transfer "
                "the registration to you."
            ),
        )
    user = user_create(phone=phone, name=name, password=password)
    volunteer = Volunteer(user=user, **_id_fields(id_type, id_number))
    for key in VOLUNTEER_PROFILE_FIELDS:
        if key in profile:
            setattr(volunteer, key, profile[key])
    volunteer.volunteer_number = volunteer_number_next(region=volunteer.region, on=timezone.localdate())
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        # Two submissions with the same ID number raced past the check above.
        raise DuplicateRegistration("id_number", _("This ID number is registered already.")) from None
    for key in VOLUNTEER_M2M_FIELDS:
        if key in profile:
            getattr(volunteer, key).set(profile[key])
    Consent.objects.create(
        volunteer=volunteer,
        kind=ConsentKind.PRIVACY_POLICY,
        scope=_("Volunteer registration: basic information, skills, availability and service records"),
        given_by=user.name,
        method=consent_method,
        policy_version=PRIVACY_POLICY_VERSION,
        recorded_by=recorded_by or user,
    )
    if team is not None:
        from orgs.services import membership_apply

        membership_apply(team=team, volunteer=volunteer)
    return volunteer


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, by: User, name: str | None = None, profile: dict) -> Volunteer:
    _require_real_birth_date(profile.get("birth_date"))
    if name is not None and name.strip() != volunteer.user.name:
        user_update_name(user=volunteer.user, name=name)
    changed = []
    for key in VOLUNTEER_PROFILE_FIELDS:
        if key in profile and getattr(volunteer, key) != profile[key]:
            setattr(volunteer, key, profile[key])
            changed.append(key)
    if changed:
        volunteer.save(update_fields=[*changed, "updated_at"])
    for key in VOLUNTEER_M2M_FIELDS:
        if key in profile:
            getattr(volunteer, key).set(profile[key])
    return volunteer


@transaction.atomic
def volunteer_set_status(*, volunteer: Volunteer, by: User, status: str) -> Volunteer:
    """A region admin suspends or restores a registration, never their own."""
    check_not_own(by, volunteer, PeopleError)
    volunteer.status = status
    volunteer.save(update_fields=["status", "updated_at"])
    return volunteer


def volunteer_withdraw(*, volunteer: Volunteer) -> Volunteer:
    """The volunteer's registration ends because they withdrew the consent it rests on: their own choice, so
    no one else decides it."""
    volunteer.status = RegistrationStatus.WITHDRAWN
    volunteer.save(update_fields=["status", "updated_at"])
    return volunteer


RECIPIENT_FIELDS = ("sex", "birth_date", "region", "address", "guardian_name", "guardian_relation")


def _recipient_sensitive_fields(data: dict) -> dict:
    fields = {}
    if "id_number" in data:
        number = normalize_id(data["id_number"] or "")
        fields["id_number"] = number
        fields["id_index"] = id_index(IdType.RESIDENT_ID, number) if number else None
        fields["id_last4"] = number[-4:]
    if "phone" in data:
        phone = normalize_mobile(data["phone"]) if data["phone"] else ""
        fields["phone"] = phone
        fields["phone_last4"] = phone[-4:]
    if "guardian_phone" in data:
        fields["guardian_phone"] = normalize_mobile(data["guardian_phone"]) if data["guardian_phone"] else ""
    return fields


def recipient_id_taken(*, id_number: str, exclude_pk: int | None = None) -> Recipient | None:
    number = normalize_id(id_number)
    if not number:
        return None
    return Recipient.objects.filter(id_index=id_index(IdType.RESIDENT_ID, number)).exclude(pk=exclude_pk).first()


@transaction.atomic
def recipient_create(*, by: User | None, name: str, data: dict) -> Recipient:
    _require_real_birth_date(data.get("birth_date"))
    recipient = Recipient(name=name.strip(), created_by=by, **name_search_fields(name))
    for key in RECIPIENT_FIELDS:
        if key in data:
            setattr(recipient, key, data[key])
    for key, value in _recipient_sensitive_fields(data).items():
        setattr(recipient, key, value)
    recipient.save()
    recipient.groups.set(data.get("groups", []))
    recipient.tags.set(data.get("tags", []))
    return recipient


class ConsentMissing(ValueError):
    """Processing that a withdrawn consent no longer allows."""


def sensitive_tags_refusal(recipient: Recipient) -> str:
    """Why sensitive tags may not be recorded for this person (their consent was withdrawn), or ""."""
    if recipient.pk and recipient.consent_withdrawn(ConsentKind.SENSITIVE):
        return _(
            "The consent to sensitive personal information has been withdrawn: health, disability and hardship "
            "tags are no longer recorded for this person. Record a new consent first."
        )
    return ""


@transaction.atomic
def recipient_update(*, recipient: Recipient, by: User, name: str, data: dict) -> Recipient:
    _require_real_birth_date(data.get("birth_date"))
    refusal = sensitive_tags_refusal(recipient) if any(tag.sensitive for tag in data.get("tags", [])) else ""
    if refusal:
        raise ConsentMissing(refusal)
    recipient.name = name.strip()
    for key, value in name_search_fields(recipient.name).items():
        setattr(recipient, key, value)
    for key in RECIPIENT_FIELDS:
        if key in data:
            setattr(recipient, key, data[key])
    for key, value in _recipient_sensitive_fields(data).items():
        setattr(recipient, key, value)
    recipient.save()
    if "groups" in data:
        recipient.groups.set(data["groups"])
    if "tags" in data:
        recipient.tags.set(data["tags"])
    return recipient


@transaction.atomic
def consent_record(
    *, recipient: Recipient, by: User, kind: str, scope: str, given_by: str, relation: str, method: str
) -> Consent:
    return Consent.objects.create(
        recipient=recipient, kind=kind, scope=scope, given_by=given_by, relation=relation, method=method, recorded_by=by
    )


@transaction.atomic
def sensitive_value_read(*, by: User, subject, field_name: str, ip: str | None) -> str:
    """Return a sensitive value in full and log the read."""
    AccessLog.objects.create(
        user=by, subject_type=subject._meta.model_name, subject_id=subject.pk, field_name=field_name, ip=ip
    )
    return getattr(subject, field_name)
