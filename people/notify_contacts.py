"""What notifications need of a person (phone, name, area, elderly), registered in PeopleConfig.ready():
`notifications` sits below people and reads them only through this registry.

Elderly, for messages (short SMS only): a person served who is 60 or older (老年人权益保障法 Art. 2), and a
volunteer registered as an elderly volunteer. A volunteer's age alone does not say they lack a smartphone;
anyone can say so on their notification settings."""

import datetime

from notifications.contacts import Contact, contact_resolver_register, recipient_resolver_register
from people.idcard import InvalidNumber, normalize_mobile
from people.models import VolunteerKind

ELDERLY_AGE = 60


def _age(born: datetime.date | None, today: datetime.date) -> int:
    if born is None:
        return 0
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def contacts(pks: list[int]) -> dict[int, Contact]:
    """Every person's contact in four queries, whatever their number."""
    from people.models import Recipient, RoleGrant, User, Volunteer

    today = datetime.date.today()
    volunteers = {v.user_id: v for v in Volunteer.objects.filter(user_id__in=pks).select_related("region")}
    recipients = {r.user_id: r for r in Recipient.objects.filter(user_id__in=pks).select_related("region")}
    grants = {}  # a person of several grants: the first area by its path (its code), the same every time
    for user_id, path in (
        RoleGrant.objects.filter(user_id__in=pks, region__isnull=False)
        .order_by("region__path", "pk")
        .values_list("user_id", "region__path")
    ):
        grants.setdefault(user_id, path)
    found = {}
    for user in User.objects.filter(pk__in=pks).only("pk", "name", "phone"):
        volunteer, recipient = volunteers.get(user.pk), recipients.get(user.pk)
        profile = volunteer or recipient
        found[user.pk] = Contact(
            name=user.name,
            phone=user.phone,
            region_path=profile.region.path if profile else grants.get(user.pk, ""),
            elderly=(volunteer is not None and volunteer.kind == VolunteerKind.ELDERLY)
            or (recipient is not None and _age(recipient.birth_date, today) >= ELDERLY_AGE),
        )
    return found


def _mobile(number: str) -> str:
    try:
        return normalize_mobile(number) if number else ""
    except InvalidNumber:
        return ""  # a landline takes no SMS


def recipients(pks: list[int]) -> dict[int, Contact]:
    """People served, by their Recipient pk (those without an account): the number to text is their own mobile,
    else their guardian's; none when neither is a mobile number. Always short SMS."""
    from people.models import Recipient

    found = {}
    for recipient in Recipient.objects.filter(pk__in=pks).select_related("region"):
        own, guardian = _mobile(recipient.phone), _mobile(recipient.guardian_phone)
        found[recipient.pk] = Contact(
            name=recipient.name,
            phone=own or guardian,
            region_path=recipient.region.path,
            elderly=True,
            guardian=not own and bool(guardian),
        )
    return found


def register() -> None:
    contact_resolver_register(contacts)
    recipient_resolver_register(recipients)
