"""Reads of people shared with other apps: finding a person by what a worker knows of them."""

import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import Q
from django.utils import timezone

from people.models import Recipient, RegistrationStatus, Volunteer

PICK_LIMIT = 20
"""A search shows at most this many people; more say "type more" rather than stopping in silence."""


def pickable_recipients(user):
    """Recipients a user may choose for a visit, a need or a case: those of their area."""
    return Recipient.objects.changeable_by(user)


def pickable_volunteers(user):
    """Volunteers a user may choose for a task or an attendance: registered ones they may see."""
    return Volunteer.objects.visible_to(user).filter(status=RegistrationStatus.REGISTERED)


def _age(born) -> int | None:
    if born is None:
        return None
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class PersonChoice:
    """One person found, with what tells namesakes apart: sex, age, community, the address (recipients only;
    a volunteer's home is not the leader's business) and the last digits of the phone."""

    pk: int
    name: str
    sex: str
    age: int | None
    community: str
    address: str
    phone_last4: str
    number: str = ""

    def as_json(self) -> dict:
        return {
            "id": self.pk,
            "name": self.name,
            "sex": self.sex,
            "age": self.age,
            "community": self.community,
            "address": self.address,
            "phone_last4": self.phone_last4,
            "number": self.number,
        }


def _term_query(word: str, *, user_prefix: str, volunteers: bool) -> Q:
    """One word of a search: digits are the end of the phone, of the ID number (recipients) or of the volunteer
    number; latin letters the pinyin or its initials ("bhs" → 宝哈斯); anything else the name, the address or
    the community."""
    upper = word.upper()
    if upper.isdigit() or (not volunteers and upper[:-1].isdigit() and upper.endswith("X")):
        tail = upper[-4:]
        query = Q(**{f"{user_prefix}phone_last4__endswith": tail}) if upper.isdigit() else Q(pk__in=[])
        if volunteers:
            return query | Q(volunteer_number__endswith=upper)
        return query | Q(id_last4__endswith=tail)
    if word.isascii() and word.isalpha():
        lowered = word.lower()
        return Q(**{f"{user_prefix}name_initials__startswith": lowered}) | Q(
            **{f"{user_prefix}name_pinyin__startswith": lowered}
        )
    return Q(**{f"{user_prefix}name__contains": word}) | Q(address__contains=word) | Q(region__name__contains=word)


def person_search(queryset, term: str):
    """The people of `queryset` (already scoped to the viewer) matching every word of `term` (at most four)."""
    words = unicodedata.normalize("NFKC", term or "").split()[:4]
    if not words:
        return queryset.none()
    volunteers = queryset.model is Volunteer
    prefix = "user__" if volunteers else ""
    queries = [_term_query(word, user_prefix=prefix, volunteers=volunteers) for word in words]
    return queryset.filter(reduce(and_, queries))


def recipient_choices(queryset, term: str) -> tuple[list[PersonChoice], bool]:
    """At most PICK_LIMIT recipients matching `term`, in pinyin order, and whether there are more."""
    found = list(person_search(queryset, term).select_related("region").order_by("name_pinyin", "pk")[: PICK_LIMIT + 1])
    return [recipient_choice(r) for r in found[:PICK_LIMIT]], len(found) > PICK_LIMIT


def recipient_choice(recipient: Recipient) -> PersonChoice:
    return PersonChoice(
        pk=recipient.pk,
        name=recipient.name,
        sex=recipient.get_sex_display(),
        age=_age(recipient.birth_date),
        community=recipient.region.name,
        address=recipient.address,
        phone_last4=recipient.phone_last4,
    )


def volunteer_choices(queryset, term: str) -> tuple[list[PersonChoice], bool]:
    found = list(
        person_search(queryset, term)
        .select_related("user", "region")
        .order_by("user__name_pinyin", "pk")[: PICK_LIMIT + 1]
    )
    return [volunteer_choice(v) for v in found[:PICK_LIMIT]], len(found) > PICK_LIMIT


def volunteer_choice(volunteer: Volunteer) -> PersonChoice:
    return PersonChoice(
        pk=volunteer.pk,
        name=volunteer.user.name,
        sex=volunteer.get_sex_display(),
        age=volunteer.age,
        community=volunteer.region.name,
        address="",
        phone_last4=volunteer.user.phone_last4,
        number=volunteer.volunteer_number,
    )


def staff_holding(roles, region):
    """Active users holding one of `roles` over `region` or an area above it (who is told of its events)."""
    from people.models import User

    return User.objects.filter(
        grants__role__in=list(roles), grants__region__path__in=region.paths_above, is_active=True
    ).distinct()


def liaisons_of(organisation):
    """The active liaisons of a department (who are told of what is sent to it)."""
    from people.models import Role, User

    return User.objects.filter(
        grants__role=Role.DEPARTMENT_LIAISON, grants__organisation=organisation, is_active=True
    ).distinct()
