"""Resources (资源清单) from a spreadsheet: one row a resource, found again by its provider, name and area, written
through `resources.services.resource_save` as the resource form does. The provider is a co-building unit or a
department of the importer's area or above it (a county's department serves its communities), the area
covered lies inside the importer's area."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dictionaries.models import ServiceField
from orgs.models import Kind, Organisation
from people.models import User
from regions.models import Region
from resources.models import Period, Resource, ResourceKind
from resources.services import resource_save
from transfer.kinds.common import (
    Column,
    EntryReader,
    Problems,
    RegionReader,
    RowError,
    choices_shown,
    limit,
    read_choice,
    read_date,
    read_name,
    required,
    row_taker,
)

KINDS = {
    "场地": ResourceKind.VENUE, "物资": ResourceKind.MATERIALS, "资金": ResourceKind.FUNDS,
    "义诊": ResourceKind.FREE_CLINIC, "义剪": ResourceKind.HAIRCUT, "家电维修": ResourceKind.REPAIR,
    "法律援助": ResourceKind.LEGAL_AID, "专业支持": ResourceKind.EXPERTISE, "专业服务": ResourceKind.EXPERTISE,
}  # fmt: skip
PERIODS = {"每月": Period.MONTH, "每年": Period.YEAR, "合计": Period.TOTAL, "总计": Period.TOTAL}
PUBLIC = {"是": True, "否": False}

COLUMNS = (
    Column("name", "资源名称", ("名称",), True, "每月义诊", "至多 100 字"),
    Column("kind", "资源类别", ("类别",), True, "义诊", "、".join(choices_shown(KINDS))),
    Column("provider", "提供单位", ("共建单位", "所属单位"), True, "科左中旗民政局",
           "本辖区或上级的共建单位、部门名称（须已登记）"),
    Column("area", "服务地区", ("服务范围", "所在地区"), True, "保康镇团结社区", "本辖区内的地区名称或区划代码"),
    Column("capacity", "数量", ("可提供数量",), False, "20", "正整数；空白为不限"),
    Column("unit", "计量单位", ("单位",), False, "人次", "至多 20 字"),
    Column("period", "周期", (), False, "每月", "、".join(choices_shown(PERIODS)) + "；空白为每月"),
    Column("service_field", "服务领域", (), False, "", "服务领域字典中的一个名称"),
    Column("valid_from", "有效期起", (), False, "2026-01-01", "如 2026-01-01"),
    Column("valid_until", "有效期止", (), False, "2026-12-31", "如 2026-12-31，不早于有效期起"),
    Column("contact_name", "联系人", (), False, "刘建国", "至多 50 字"),
    Column("contact_phone", "联系电话", (), False, "13800001111", "至多 30 字", mask="mobile"),
    Column("description", "说明", ("资源说明",), False, "", ""),
    Column("public", "公开", ("是否公开",), False, "是", "是、否；空白为是"),
)  # fmt: skip
FIELDS = (
    "kind",
    "capacity",
    "unit",
    "period",
    "service_field_id",
    "valid_from",
    "valid_until",
    "area_id",
    "contact_name",
    "contact_phone",
    "description",
    "public",
)


def read_count(raw: str) -> int | None:
    if not raw.strip():
        return None
    text = raw.strip().removesuffix(".0")
    if not text.isdigit() or int(text) < 1:
        raise RowError(_("Not a whole number of at least 1."))
    return int(text)


@dataclass
class Record:
    row: int
    values: dict
    existing: Resource | None = None


def _key(record: Record) -> tuple:
    """A resource is the same one when its provider, name and area covered are: a unit's 每月义诊 in two
    communities is two resources."""
    return record.values["provider"], record.values["name"], record.values["area_id"]


class ResourceImport:
    columns = COLUMNS

    def __init__(self, *, area: Region, by: User):
        self.area, self.by = area, by
        self.regions = RegionReader(area, by)
        self.fields = EntryReader(ServiceField)
        above = [code for code in area.path.strip("/").split("/") if code]
        providers = Organisation.objects.filter(kind__in=[Kind.UNIT, Kind.DEPARTMENT], active=True).filter(
            region__path__startswith=area.path
        ) | Organisation.objects.filter(kind__in=[Kind.UNIT, Kind.DEPARTMENT], active=True, region__code__in=above)
        self.providers: dict[str, list[int]] = {}
        for pk, name in providers.values_list("pk", "name"):
            self.providers.setdefault(name, []).append(pk)

    def _provider(self, raw: str) -> int:
        found = self.providers.get(raw.strip(), [])
        if len(found) > 1:
            raise RowError(_("Several units of your area have this name."))
        if not found:
            raise RowError(_("No co-building unit or department of this name in your area; register it first."))
        return found[0]

    def read_row(self, row: int, cells: dict[str, str], problems: Problems) -> Record | None:
        values = {}
        take = row_taker(row, cells, problems, COLUMNS, values)
        take("name", lambda raw: limit(read_name(raw), 100))
        take("kind", required(lambda raw: read_choice(raw, KINDS)))
        take("provider", required(self._provider))
        take("area", self.regions.read)
        take("capacity", read_count)
        take("unit", lambda raw: limit(raw, 20))
        take("period", lambda raw: read_choice(raw, PERIODS) if raw.strip() else Period.MONTH)
        take("service_field", lambda raw: self.fields.read(raw)[0] if raw.strip() else None)
        take("valid_from", lambda raw: read_date(raw, past=False) if raw.strip() else None)
        take("valid_until", lambda raw: read_date(raw, past=False) if raw.strip() else None)
        take("contact_name", lambda raw: limit(raw, 50))
        take("contact_phone", lambda raw: limit(raw, 30))
        take("description", lambda raw: limit(raw, 2000))
        take("public", lambda raw: read_choice(raw, PUBLIC) if raw.strip() else True)
        if values.get("valid_from") and values.get("valid_until") and values["valid_until"] < values["valid_from"]:
            problems.add(
                row, "有效期止", cells.get("valid_until", ""), _("The end of validity comes before its start.")
            )
        if row in problems.rows:
            return None
        values["area_id"], values["service_field_id"] = values.pop("area"), values.pop("service_field")
        return Record(row=row, values=values)

    def look_up(self, records: list[Record], problems: Problems) -> list[Record]:
        first, existing = {}, {}
        for record in records:
            key = _key(record)
            if key in first:
                problems.add(
                    record.row,
                    "资源名称",
                    record.values["name"],
                    _("The same value is in row %(row)s of this file already.") % {"row": first[key]},
                )
            else:
                first[key] = record.row
        providers = {record.values["provider"] for record in records}
        for resource in Resource.objects.filter(provider_id__in=providers).order_by("pk"):
            existing.setdefault((resource.provider_id, resource.name, resource.area_id), resource)
        changeable = set(
            Resource.objects.changeable_by(self.by)
            .filter(pk__in=[r.pk for r in existing.values()])
            .values_list("pk", flat=True)
        )
        kept = []
        for record in records:
            if record.row in problems.rows:
                continue
            found = existing.get(_key(record))
            if found is not None and found.pk not in changeable:
                problems.add(
                    record.row,
                    "资源名称",
                    record.values["name"],
                    _("This resource is recorded by an area outside yours; its administrators can change it."),
                )
                continue
            record.existing = found
            kept.append(record)
        return kept

    def write(self, records: list[Record], progress) -> tuple[int, int, int]:
        created = updated = 0
        for done, record in enumerate(records, start=1):
            resource = record.existing
            values = {key: record.values[key] for key in FIELDS}
            if resource is None:
                resource = Resource(provider_id=record.values["provider"], name=record.values["name"], **values)
                resource_save(resource=resource, by=self.by)
                created += 1
            elif any(getattr(resource, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(resource, key, value)
                resource_save(resource=resource, by=self.by)
                updated += 1
            if done % 200 == 0:
                progress(done)
        return created, updated, len(records) - created - updated
