"""Readers shared by the kinds that name people and times: a registered volunteer given by their resident ID
number or mobile number (found by blind index, only inside the importer's area), and a date and time."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from people.idcard import InvalidNumber, normalize_mobile, parse_resident_id
from people.models import IdType, RegistrationStatus, User, Volunteer, id_index, phone_index
from regions.models import Region
from transfer.kinds.common import ID_REASONS, SPLIT, RowError, chunks, mask_person

DATETIME = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s+(\d{1,2})[:：时](\d{2})(?:[:：](\d{2}))?分?$")


def read_datetime(raw: str) -> datetime.datetime:
    """A local date and time, "2026-11-20 09:00", never in the future."""
    match = DATETIME.match(raw.strip())
    if not match:
        raise RowError(_("Not a date and time; write it as 2026-11-30 09:00."))
    try:
        moment = datetime.datetime(*(int(part or 0) for part in match.groups()))
    except ValueError:
        raise RowError(_("Not a date and time; write it as 2026-11-30 09:00.")) from None
    moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise RowError(_("The time is in the future."))
    return moment


def person_key(raw: str) -> tuple[str, str]:
    """("phone" or "id", blind index) of a mobile number or an 18-character resident ID number."""
    text = raw.strip()
    try:
        return "phone", phone_index(normalize_mobile(text))
    except InvalidNumber:
        pass
    if len(re.sub(r"\s", "", text)) != 18:
        raise RowError(_("Neither a mobile number nor an 18-character resident ID number: %(value)s.") % {
            "value": mask_person(text)})  # fmt: skip
    try:
        return "id", id_index(IdType.RESIDENT_ID, parse_resident_id(text).number)
    except InvalidNumber as error:
        raise RowError(f"{mask_person(text)}：{ID_REASONS[error.code]()}") from None


def person_keys(raw: str) -> dict[tuple[str, str], str]:
    """key → the number as written, for a cell that lists several."""
    keys = {}
    for value in SPLIT.split(raw.strip()):
        if value:
            keys.setdefault(person_key(value), value)
    return keys


class VolunteerFinder:
    """Registered volunteers of the importer's area by the blind index of their mobile or ID number, among those
    the importer may see (`visible_to`, the scope as it stands when the job runs); a person registered elsewhere,
    or suspended or withdrawn, is not found (and the file learns nothing of them)."""

    def __init__(self, area: Region, by: User):
        self.area, self.by = area, by

    def find(self, keys) -> dict[tuple[str, str], dict]:
        wanted = {"id": [], "phone": []}
        for kind, index in set(keys):
            wanted[kind].append(index)
        found = {}
        inside = Volunteer.objects.visible_to(self.by).filter(
            region__path__startswith=self.area.path, status=RegistrationStatus.REGISTERED
        )
        for kind, lookup in (("id", "id_index"), ("phone", "user__phone_index")):
            for batch in chunks(wanted[kind]):
                for row in inside.filter(**{f"{lookup}__in": batch}).values("pk", "user_id", lookup):
                    found[(kind, row[lookup])] = row
        return found


def not_found() -> str:
    return _("No registered volunteer of your area has this number.")
