"""Service records in the data items of the national volunteer service information system (《志愿服务记录与
证明出具办法》 Art. 7: activity name, date, place, content, hours, organising unit, activity lead), one row
per ledger entry; docs/transfer.md, "National system export", maps each column. The headers are the national
system's Chinese item names: a data format, not a page, so they are not translated.

The rows are the entries the user may see (the `ledger_entry` rule), filtered by `?from=` and `?to=` dates;
corrections stay rows of their own (negative hours, naming the entry they correct), as the ledger never erases.
"""

import datetime

from core.access import scoped
from core.export import Column, choice, export_response
from ledger.models import EntryKind, LedgerEntry
from people.national import region_name_reader


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def record_columns() -> list[Column]:
    region_name = region_name_reader()
    return [
        Column("记录编号", lambda e: e.pk),
        Column("志愿者编号", lambda e: e.volunteer.volunteer_number),
        Column("姓名", lambda e: e.volunteer.user.name),
        Column("记录类型", choice("kind")),
        Column("活动名称", lambda e: e.activity_name),
        Column("服务日期", lambda e: e.on),
        Column("服务地点", lambda e: e.place),
        Column("服务内容", lambda e: e.content),
        Column("服务时长（小时）", lambda e: e.hours),
        Column("组织单位", lambda e: e.organiser),
        Column("活动负责人", lambda e: e.lead),
        Column("记录时间", lambda e: e.recorded_at),
        Column("超过10个工作日记录", lambda e: "是" if e.late else "否"),
        Column("更正的记录编号", lambda e: e.reverses_id or ""),
        Column("所属县级区划", lambda e: region_name(e.region)),
    ]


@scoped("ledger_entry")
def records_national_export(request):
    entries = LedgerEntry.objects.visible_to(request.user).filter(kind__in=[EntryKind.SERVICE, EntryKind.CORRECTION])
    start, end = _day(request.GET.get("from")), _day(request.GET.get("to"))
    if start:
        entries = entries.filter(on__gte=start)
    if end:
        entries = entries.filter(on__lte=end)
    entries = entries.select_related("volunteer__user", "region").order_by("pk")
    return export_response(request, entries, record_columns(), "全国志愿服务信息系统-服务记录")
