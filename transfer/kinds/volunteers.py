"""Volunteers from a roster: checked row by row against the rules of registration, then written in bulk as the
same rows `people.services.volunteer_register` writes (account with encrypted mobile number and its blind
index, the Art. 5 profile with encrypted ID number and its blind index, a volunteer number, the privacy
consent), or updated when the ID number's blind index finds the person already registered."""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dictionaries.models import ServiceField, Skill
from people.idcard import normalize_id, parse_resident_id
from people.models import (
    Consent,
    ConsentKind,
    ConsentMethod,
    IdType,
    User,
    Volunteer,
    VolunteerKind,
    VolunteerNumberCounter,
    id_index,
    name_search_fields,
    phone_index,
)
from people.services import PRIVACY_POLICY_VERSION
from regions.models import Region
from transfer.kinds.bulk import insert_rows
from transfer.kinds.common import (
    Column,
    EntryReader,
    Problems,
    RegionReader,
    choices_shown,
    chunks,
    limit,
    read_birth_date,
    read_choice,
    read_name,
    read_phone,
    required,
    row_taker,
)

SEX = {"男": "M", "女": "F", "M": "M", "F": "F"}
ID_TYPES = {
    "居民身份证": IdType.RESIDENT_ID, "身份证": IdType.RESIDENT_ID, "内地居民身份证": IdType.RESIDENT_ID,
    "港澳居民来往内地通行证": IdType.HK_MACAO, "台湾居民来往大陆通行证": IdType.TAIWAN,
    "护照": IdType.PASSPORT, "外国人永久居留身份证": IdType.FOREIGN_PERMANENT,
}  # fmt: skip
KINDS = {
    "居民": VolunteerKind.GENERAL, "党员": VolunteerKind.PARTY_MEMBER, "青年": VolunteerKind.YOUTH,
    "退役军人": VolunteerKind.VETERAN, "老年": VolunteerKind.ELDERLY,
    # 政治面貌 of the national system's roster
    "中共党员": VolunteerKind.PARTY_MEMBER, "中共预备党员": VolunteerKind.PARTY_MEMBER,
    "中国共产党党员": VolunteerKind.PARTY_MEMBER, "共青团员": VolunteerKind.YOUTH, "群众": VolunteerKind.GENERAL,
    "无党派人士": VolunteerKind.GENERAL, "民主党派成员": VolunteerKind.GENERAL,
    # the same as named by GB/T 4762 (political status), which the national system's export may use
    "中国共产党预备党员": VolunteerKind.PARTY_MEMBER, "中国共产主义青年团团员": VolunteerKind.YOUTH,
    "无党派民主人士": VolunteerKind.GENERAL, "中国国民党革命委员会会员": VolunteerKind.GENERAL,
    "中国民主同盟盟员": VolunteerKind.GENERAL, "中国民主建国会会员": VolunteerKind.GENERAL,
    "中国民主促进会会员": VolunteerKind.GENERAL, "中国农工民主党党员": VolunteerKind.GENERAL,
    "中国致公党党员": VolunteerKind.GENERAL, "九三学社社员": VolunteerKind.GENERAL,
    "台湾民主自治同盟盟员": VolunteerKind.GENERAL,
}  # fmt: skip

COLUMNS = (
    Column("name", "姓名", ("志愿者姓名",), True, "张三", "2 至 50 个字"),
    Column("id_type", "证件类型", (), False, "居民身份证", "、".join(choices_shown(ID_TYPES)) + "；空白为居民身份证"),
    Column("id_number", "证件号码", ("身份证号", "身份证号码", "证件号"), True, "150521198506150013",
           "18 位，末位可为 X", mask="id"),
    Column("phone", "手机号码", ("手机号", "联系电话", "联系方式", "手机"), True, "13912345678",
           "11 位手机号，每人一个", mask="mobile"),
    Column("sex", "性别", (), False, "男", "男、女；空白时按身份证号"),
    Column("birth_date", "出生日期", ("出生年月",), False, "1985-06-15", "如 1985-06-15；空白时按身份证号"),
    Column("region", "所在地区", ("居住地区", "所属区域", "归属区域", "所在社区", "服务区域"), True, "保康镇团结社区",
           "本辖区内的乡镇街道、社区名称或区划代码"),
    Column("address", "居住地址", ("地址", "详细地址", "现居住地址"), False, "团结路 1 号", "至多 200 字"),
    Column("kind", "志愿者类别", ("政治面貌",), False, "党员", "、".join(choices_shown(KINDS)) + "；空白为居民"),
    Column("skills", "专业技能", ("技能特长", "技能"), False, "急救", "技能字典中的名称，多个以顿号分隔"),
    Column("service_fields", "服务类别", ("志愿服务类别", "服务意向", "服务领域"), False, "",
           "服务领域字典中的名称，多个以顿号分隔"),
    Column("number", "志愿者编号", ("志愿者注册编号", "全国志愿者编号"), False, "",
           "全国志愿服务信息系统的编号；空白时自动编号"),
)  # fmt: skip

COMPARED = ("sex", "birth_date", "region_id", "address", "kind")


@dataclass
class Record:
    row: int
    name: str
    phone: str
    id_type: str
    id_number: str
    sex: str
    birth_date: object
    region_id: int
    address: str
    kind: str
    skills: list[int] | None
    service_fields: list[int] | None
    number: str
    id_index: str = ""
    phone_index: str = ""
    existing: dict | None = field(default=None)


class VolunteerImport:
    columns = COLUMNS
    kinds = KINDS  # the names a kind is written as, the first of each shown as the allowed values

    def __init__(self, *, area: Region, by: User):
        self.area, self.by = area, by
        self.regions = RegionReader(area, by)
        self.skills = EntryReader(Skill)
        self.service_fields = EntryReader(ServiceField)

    # -- checking ---------------------------------------------------------------------------------------
    def read_row(self, row: int, cells: dict[str, str], problems: Problems) -> Record | None:
        """The row's fields, or None with its problems added; lookups that need the database come later."""
        header = {column.key: column.header for column in self.columns}
        values = {}
        take = row_taker(row, cells, problems, self.columns, values)
        take("name", read_name)
        take("id_type", lambda raw: read_choice(raw, ID_TYPES) if raw else IdType.RESIDENT_ID)
        take("phone", read_phone)
        take("region", self.regions.read)
        take("address", lambda raw: limit(raw, 200))
        take("kind", lambda raw: read_choice(raw, self.kinds) if raw else VolunteerKind.GENERAL)
        take("skills", lambda raw: self.skills.read(raw) if raw else None)
        take("service_fields", lambda raw: self.service_fields.read(raw) if raw else None)
        take("number", lambda raw: limit(raw, 20))
        take("sex", lambda raw: read_choice(raw, SEX) if raw else "")
        take("birth_date", read_birth_date)
        if values.get("id_type", IdType.RESIDENT_ID) == IdType.RESIDENT_ID:
            take("id_number", required(lambda raw: parse_resident_id(raw)))
            resident = values.get("id_number")
            if resident:
                values["id_number"] = resident.number
                if values.get("sex") and values["sex"] != resident.sex:
                    problems.add(
                        row, header["sex"], cells.get("sex", ""), _("Does not match the sex in the ID number.")
                    )
                if values.get("birth_date") and values["birth_date"] != resident.birth_date:
                    problems.add(
                        row, header["birth_date"], cells.get("birth_date", ""),
                        _("Does not match the date of birth in the ID number."),
                    )  # fmt: skip
                values["sex"] = values.get("sex") or resident.sex
                values["birth_date"] = values.get("birth_date") or resident.birth_date
        else:
            take("id_number", required(lambda raw: limit(normalize_id(raw), 40)))
            for key in ("sex", "birth_date"):
                if not values.get(key) and key in values:
                    problems.add(row, header[key], "", _("Required for this ID document type, but empty."))
        if row in problems.rows:
            return None
        values["region_id"] = values.pop("region")
        return Record(row=row, **values)

    def look_up(self, records: list[Record], problems: Problems) -> list[Record]:
        """Duplicates inside the file, and the people the database holds already, found by blind index."""
        header = {column.key: column.header for column in self.columns}
        first_id, first_phone, first_number = {}, {}, {}
        for record in records:
            record.id_index = id_index(record.id_type, record.id_number)
            record.phone_index = phone_index(record.phone)
            for seen, key, value in (
                (first_id, "id_number", record.id_index),
                (first_phone, "phone", record.phone_index),
                (first_number, "number", record.number),
            ):
                if not value:
                    continue
                if value in seen:
                    problems.add(
                        record.row, header[key], getattr(record, key),
                        _("The same value is in row %(row)s of this file already.") % {"row": seen[value]},
                    )  # fmt: skip
                else:
                    seen[value] = record.row
        records = [record for record in records if record.row not in problems.rows]
        existing = {}
        for batch in chunks([record.id_index for record in records]):
            for volunteer in Volunteer.objects.filter(id_index__in=batch).values(
                "pk", "id_index", "user_id", "user__name", "user__phone_index", "region__path",
                "volunteer_number", *COMPARED,
            ):  # fmt: skip
                existing[volunteer["id_index"]] = volunteer
        # A registered volunteer is updated only by someone who may change them on their page (region admins).
        changeable = set()
        for batch in chunks(list(existing)):
            changeable.update(
                Volunteer.objects.changeable_by(self.by).filter(id_index__in=batch).values_list("pk", flat=True)
            )
        phone_owner = {}
        for batch in chunks([record.phone_index for record in records]):
            phone_owner.update(User.objects.filter(phone_index__in=batch).values_list("phone_index", "pk"))
        number_owner = {}
        for batch in chunks([record.number for record in records if record.number]):
            number_owner.update(
                Volunteer.objects.filter(volunteer_number__in=batch).values_list("volunteer_number", "id_index")
            )
        for record in records:
            found = existing.get(record.id_index)
            if found and not found["region__path"].startswith(self.area.path):
                problems.add(
                    record.row, header["id_number"], record.id_number,
                    _("This ID number is registered in an area outside yours; its administrators can move the "
                      "registration to your area."),
                )  # fmt: skip
                continue
            if found and found["pk"] not in changeable:
                problems.add(
                    record.row, header["id_number"], record.id_number,
                    _("This volunteer is registered already; only the region's administrators may change them."),
                )  # fmt: skip
                continue
            if found and found["user__phone_index"] != record.phone_index:
                # the account's mobile number is its sign-in name: changed on the staff or profile pages only
                problems.add(
                    record.row, header["phone"], record.phone,
                    _("The mobile number differs from the registered one; change it on the volunteer's page."),
                )  # fmt: skip
                continue
            owner = phone_owner.get(record.phone_index)
            if owner is not None and (not found or owner != found["user_id"]):
                problems.add(
                    record.row, header["phone"], record.phone, _("This mobile number is registered to someone else.")
                )
            number_of = number_owner.get(record.number)
            if record.number and number_of is not None and number_of != record.id_index:
                problems.add(
                    record.row, header["number"], record.number, _("This volunteer number belongs to someone else.")
                )
            record.existing = found
        return [record for record in records if record.row not in problems.rows]

    # -- writing ------------------------------------------------------------------------------------------
    def write(self, records: list[Record], progress) -> tuple[int, int, int]:
        """(created, updated, unchanged)."""
        new = [record for record in records if record.existing is None]
        known = [record for record in records if record.existing is not None]
        done = 0
        for batch in chunks(new, 2000):
            self._create(batch)
            done += len(batch)
            progress(done)
        updated = 0
        for batch in chunks(known, 2000):
            updated += self._update(batch)
            done += len(batch)
            progress(done)
        return len(new), updated, len(known) - updated

    def _create(self, records: list[Record]) -> None:
        insert_rows(User, [
            {"name": record.name, "phone": record.phone, "phone_index": record.phone_index,
             "phone_last4": record.phone[-4:], "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
             **name_search_fields(record.name)}
            for record in records
        ])  # fmt: skip
        users = dict(
            User.objects.filter(phone_index__in=[r.phone_index for r in records]).values_list("phone_index", "pk")
        )
        numbers = iter(self._numbers([record for record in records if not record.number]))
        insert_rows(Volunteer, [
            {"user_id": users[record.phone_index], "volunteer_number": record.number or next(numbers),
             "sex": record.sex, "birth_date": record.birth_date, "id_type": record.id_type,
             "id_number": record.id_number, "id_index": record.id_index, "region_id": record.region_id,
             "address": record.address, "kind": record.kind}
            for record in records
        ])  # fmt: skip
        ids = dict(Volunteer.objects.filter(id_index__in=[r.id_index for r in records]).values_list("id_index", "pk"))
        pks = [ids[record.id_index] for record in records]
        self._set_entries(list(zip(pks, records, strict=True)), clear=False)
        scope = _("Volunteer registration: basic information, skills, availability and service records")
        insert_rows(Consent, [
            {"volunteer_id": pk, "kind": ConsentKind.PRIVACY_POLICY, "scope": scope,
             "given_by": record.name, "method": ConsentMethod.PAPER, "policy_version": PRIVACY_POLICY_VERSION,
             "recorded_by_id": self.by.pk}
            for pk, record in zip(pks, records, strict=True)
        ])  # fmt: skip

    def _numbers(self, records: list[Record]) -> list[str]:
        """Volunteer numbers as `volunteer_number_next` gives them (county code + year + sequence), a block of
        them per county taken with one UPDATE of its counter."""
        year = timezone.localdate().year
        counties: dict[str, int] = {}
        for record in records:
            county = self.regions.county_code(record.region_id)
            counties[county] = counties.get(county, 0) + 1
        blocks = {}
        for county, count in counties.items():
            prefix = f"{county}{year}"
            VolunteerNumberCounter.objects.get_or_create(prefix=prefix)
            VolunteerNumberCounter.objects.filter(prefix=prefix).update(last=F("last") + count)
            last = VolunteerNumberCounter.objects.get(prefix=prefix).last
            blocks[county] = iter(range(last - count + 1, last + 1))
        return [
            f"{self.regions.county_code(record.region_id)}{year}{next(blocks[self.regions.county_code(record.region_id)]):06d}"
            for record in records
        ]

    def _update(self, records: list[Record]) -> int:
        """Change what differs; a row equal to what is stored writes nothing."""
        by_pk = {record.existing["pk"]: record for record in records}
        skills = _entries(Volunteer.skills.through, "skill_id", by_pk)
        fields = _entries(Volunteer.service_fields.through, "servicefield_id", by_pk)
        changed_volunteers, changed_users, changed_entries = [], [], []
        now = timezone.now()
        for pk, record in by_pk.items():
            stored = record.existing
            differs = [key for key in COMPARED if stored[key] != getattr(record, key)]
            if differs:
                volunteer = Volunteer(pk=pk, updated_at=now, **{key: getattr(record, key) for key in COMPARED})
                changed_volunteers.append(volunteer)
            if stored["user__name"] != record.name:
                changed_users.append(User(pk=stored["user_id"], name=record.name, **name_search_fields(record.name)))
            entries_differ = (record.skills is not None and record.skills != skills.get(pk, [])) or (
                record.service_fields is not None and record.service_fields != fields.get(pk, [])
            )
            if entries_differ:
                changed_entries.append((pk, record))
        if changed_volunteers:
            Volunteer.objects.bulk_update(changed_volunteers, [*COMPARED, "updated_at"])
        if changed_users:
            User.objects.bulk_update(changed_users, ["name", "name_pinyin", "name_initials"])
        self._set_entries(changed_entries, clear=True)
        touched = {v.pk for v in changed_volunteers} | {pk for pk, _r in changed_entries}
        touched |= {pk for pk, record in by_pk.items() if record.existing["user_id"] in {u.pk for u in changed_users}}
        return len(touched)

    def _set_entries(self, pairs: list[tuple[int, Record]], *, clear: bool) -> None:
        """The skills and service fields of (volunteer pk, record) pairs whose record names them."""
        for relation, column, key in (
            (Volunteer.skills.through, "skill_id", "skills"),
            (Volunteer.service_fields.through, "servicefield_id", "service_fields"),
        ):
            chosen = [(pk, getattr(record, key)) for pk, record in pairs if getattr(record, key) is not None]
            if clear:
                for batch in chunks([pk for pk, _ids in chosen]):
                    relation.objects.filter(volunteer_id__in=batch).delete()
            insert_rows(relation, [{"volunteer_id": pk, column: entry} for pk, ids in chosen for entry in ids])


def _entries(relation, column: str, by_pk: dict) -> dict[int, list[int]]:
    entries: dict[int, list[int]] = {}
    for batch in chunks(list(by_pk)):
        for volunteer_id, entry_id in relation.objects.filter(volunteer_id__in=batch).values_list(
            "volunteer_id", column
        ):
            entries.setdefault(volunteer_id, []).append(entry_id)
    return {pk: sorted(ids) for pk, ids in entries.items()}
