"""Recipients (服务对象) from the civil-affairs lists (低保, 特困, 高龄 …): each row checked, then written through
`people.services.recipient_create` or `recipient_update`, the same calls the recipient form makes; the person
is found by the blind index of their ID number, so a list imported twice makes no second person."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dictionaries.models import RecipientTag, TargetGroup
from people.idcard import normalize_mobile, parse_resident_id
from people.models import IdType, Recipient, User, id_index
from people.services import recipient_create, recipient_update, sensitive_tags_refusal
from regions.models import Region
from transfer.kinds.common import (
    Column,
    EntryReader,
    Problems,
    RegionReader,
    chunks,
    limit,
    read_birth_date,
    read_choice,
    read_name,
    required,
    row_taker,
)
from transfer.kinds.volunteers import SEX

COLUMNS = (
    Column("name", "姓名", ("服务对象姓名",), True, "韩桂兰", "2 至 50 个字"),
    Column("id_number", "证件号码", ("身份证号", "身份证号码"), True, "150521194003120025", "18 位居民身份证号",
           mask="id"),
    Column("sex", "性别", (), False, "女", "男、女；空白时按身份证号"),
    Column("birth_date", "出生日期", (), False, "1940-03-12", "如 1940-03-12；空白时按身份证号"),
    Column("region", "所在地区", ("所在社区", "户籍地", "居住地区"), True, "保康镇团结社区",
           "本辖区内的社区名称或区划代码"),
    Column("address", "居住地址", ("地址", "家庭住址"), False, "团结路 3 号", "至多 200 字"),
    Column("phone", "联系电话", ("手机号码", "电话"), False, "13698765432", "11 位手机号，可空", mask="mobile"),
    Column("groups", "服务对象类别", ("人员类别", "类别"), False, "", "服务对象字典中的名称，多个以顿号分隔"),
    Column("tags", "标签", ("救助类别", "困难类型"), False, "", "标签字典中的名称（如低保、特困），多个以顿号分隔"),
    Column("guardian_name", "监护人或联系人", ("联系人",), False, "", "至多 50 字"),
    Column("guardian_relation", "关系", ("与本人关系",), False, "", "如 女儿"),
    Column("guardian_phone", "联系人电话", ("监护人电话",), False, "", "11 位手机号，可空", mask="mobile"),
)  # fmt: skip
COMPARED = ("name", "sex", "birth_date", "region_id", "address", "phone", "guardian_name", "guardian_relation",
            "guardian_phone")  # fmt: skip
# An empty cell of these keeps what is stored, as the recipient form does ("leave empty to keep it"): a list
# without phone numbers does not erase them, nor a list without tags the tags casework recorded.
KEPT_WHEN_EMPTY = frozenset(
    {"address", "phone", "groups", "tags", "guardian_name", "guardian_relation", "guardian_phone"}
)


@dataclass
class Record:
    row: int
    values: dict
    id_index: str = ""
    existing: Recipient | None = None
    blank: frozenset = frozenset()  # the KEPT_WHEN_EMPTY keys whose cell was empty


class RecipientImport:
    columns = COLUMNS

    def __init__(self, *, area: Region, by: User):
        self.area, self.by = area, by
        self.regions = RegionReader(area, by)
        self.groups = EntryReader(TargetGroup)
        self.tags = EntryReader(RecipientTag)
        self._sensitive_tags: set[int] | None = None

    def read_row(self, row: int, cells: dict[str, str], problems: Problems) -> Record | None:
        values = {}
        take = row_taker(row, cells, problems, COLUMNS, values)

        def phone(raw):
            return normalize_mobile(raw) if raw.strip() else ""

        take("name", read_name)
        take("id_number", required(lambda raw: parse_resident_id(raw)))
        take("sex", lambda raw: read_choice(raw, SEX) if raw else "")
        take("birth_date", read_birth_date)
        take("region", self.regions.read)
        take("address", lambda raw: limit(raw, 200))
        take("phone", phone)
        take("groups", lambda raw: self.groups.read(raw) if raw else [])
        take("tags", lambda raw: self.tags.read(raw) if raw else [])
        take("guardian_name", lambda raw: limit(raw, 50))
        take("guardian_relation", lambda raw: limit(raw, 20))
        take("guardian_phone", phone)
        if row in problems.rows:
            return None
        resident = values["id_number"]
        values["id_number"] = resident.number
        values["sex"] = values["sex"] or resident.sex
        values["birth_date"] = values["birth_date"] or resident.birth_date
        values["region_id"] = values.pop("region")
        blank = frozenset(key for key in KEPT_WHEN_EMPTY if not cells.get(key, "").strip())
        return Record(row=row, values=values, blank=blank)

    def look_up(self, records: list[Record], problems: Problems) -> list[Record]:
        first = {}
        for record in records:
            record.id_index = id_index(IdType.RESIDENT_ID, record.values["id_number"])
            if record.id_index in first:
                problems.add(
                    record.row, "证件号码", record.values["id_number"],
                    _("The same value is in row %(row)s of this file already.") % {"row": first[record.id_index]},
                )  # fmt: skip
            else:
                first[record.id_index] = record.row
        existing = {}
        for batch in chunks(list(first)):
            for recipient in Recipient.objects.filter(id_index__in=batch).select_related("region"):
                existing[recipient.id_index] = recipient
        kept = []
        for record in records:
            if record.row in problems.rows:
                continue
            found = existing.get(record.id_index)
            if found and not found.region.path.startswith(self.area.path):
                problems.add(
                    record.row, "证件号码", record.values["id_number"],
                    _("This ID number is registered in an area outside yours; its administrators can move the "
                      "registration to your area."),
                )  # fmt: skip
                continue
            refusal = found and self._sensitive(record) and sensitive_tags_refusal(found)
            if refusal:  # recipient_update refuses it: said in the preview, not found at the commit
                problems.add(record.row, "标签", "、".join(self.tags.name_of(pk) for pk in record.values["tags"]),
                             refusal)  # fmt: skip
                continue
            record.existing = found
            kept.append(record)
        return kept

    def _sensitive(self, record: Record) -> bool:
        if self._sensitive_tags is None:
            self._sensitive_tags = set(RecipientTag.objects.filter(sensitive=True).values_list("pk", flat=True))
        return "tags" not in record.blank and bool(self._sensitive_tags & set(record.values["tags"]))

    def write(self, records: list[Record], progress) -> tuple[int, int, int]:
        created = updated = 0
        regions = Region.objects.in_bulk({record.values["region_id"] for record in records})
        for done, record in enumerate(records, start=1):
            data = {key: value for key, value in record.values.items() if key not in {"name", "region_id"}}
            data["region"] = regions[record.values["region_id"]]
            data["groups"] = list(TargetGroup.objects.filter(pk__in=data["groups"]))
            data["tags"] = list(RecipientTag.objects.filter(pk__in=data["tags"]))
            found = record.existing
            if found is None:
                recipient_create(by=self.by, name=record.values["name"], data=data)
                created += 1
            elif _differs(found, record.values, record.blank):
                data = {key: value for key, value in data.items() if key not in record.blank}
                recipient_update(recipient=found, by=self.by, name=record.values["name"], data=data)
                updated += 1
            if done % 500 == 0:
                progress(done)
        return created, updated, len(records) - created - updated


def _differs(found: Recipient, values: dict, blank: frozenset) -> bool:
    if any(getattr(found, key) != values[key] for key in COMPARED if key not in blank):
        return True
    groups = "groups" not in blank and sorted(found.groups.values_list("pk", flat=True)) != values["groups"]
    return groups or ("tags" not in blank and sorted(found.tags.values_list("pk", flat=True)) != values["tags"])
