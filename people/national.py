"""The volunteers in the data items of the national volunteer service information system (《志愿服务记录与证明
出具办法》 Art. 5), for a county to hand its roster over; docs/transfer.md, "National system export", maps
each column. The headers are the national system's Chinese item names: a data format, not a page, so they
are not translated.

ID and mobile numbers go out in full only to those who may change the volunteers (the region admins of the
area), since the national system identifies a volunteer by them; each row so read is written to the access
log (PIPL Art. 51) before the file's first byte. Every other row the user sees goes out masked, as on the list.
"""

from collections.abc import Callable

from django.db import transaction

from core.access import scope_of, scoped
from core.export import Column, choice, export_response
from people.filters import VolunteerFilter
from people.models import AccessLog, Volunteer

LOG_BATCH = 1000


def _names(items) -> str:
    return "、".join(item.name for item in items.all())


def region_name_reader():
    """A region's full name (科尔沁左翼中旗保康镇…), read once per region of an export, not once per row."""
    names: dict[int, str] = {}

    def read(region) -> str:
        if region.pk not in names:
            names[region.pk] = region.full_name
        return names[region.pk]

    return read


def volunteer_columns(*, full: Callable[[Volunteer], bool]) -> list[Column]:
    """The items; `full(volunteer)` says whether that row's ID and mobile numbers go out in full."""
    region_name = region_name_reader()
    return [
        Column("志愿者编号", lambda v: v.volunteer_number),
        Column("姓名", lambda v: v.user.name),
        Column("性别", choice("sex")),
        Column("出生日期", lambda v: v.birth_date),
        Column("证件类型", choice("id_type")),
        Column("证件号码", lambda v: v.id_number if full(v) else v.masked_id),
        Column("居住区域", lambda v: region_name(v.region)),
        Column("区划代码", lambda v: v.region.code),
        Column("联系方式", lambda v: v.user.phone if full(v) else v.user.masked_phone),
        Column("专业技能", lambda v: _names(v.skills)),
        Column("服务类别", lambda v: _names(v.service_fields)),
        Column("注册时间", lambda v: v.registered_at),
    ]


@transaction.atomic
def _log_full_reads(rows, *, user, ip: str | None) -> frozenset[int]:
    """Log each row that goes out in full (the rows the user may change), before the file's first byte, so a
    download that fails or is abandoned half way is recorded all the same; returns those rows' ids, the
    only ones then written in full (a row that became changeable since is still masked)."""
    changeable = Volunteer.objects.changeable_by(user).values("pk")
    ids = list(rows.filter(pk__in=changeable).values_list("pk", flat=True))
    for start in range(0, len(ids), LOG_BATCH):  # a batch of log rows at a time: bulk_create lists what it is given
        AccessLog.objects.bulk_create(
            [
                AccessLog(user=user, subject_type="volunteer", subject_id=pk, field_name="national_export", ip=ip)
                for pk in ids[start : start + LOG_BATCH]
            ]
        )
    return frozenset(ids)


@scoped("volunteer")
def volunteer_national_export(request):
    """The volunteers list, filtered as on the page, in the national system's items (?export=xlsx or csv):
    every volunteer the user sees, in full those they may change (logged first), masked the others."""
    scope = scope_of(request.user)
    filters = VolunteerFilter(request.GET, Volunteer.objects.visible_to(request.user), request=request)
    rows = filters.qs.order_by("pk")
    in_full = frozenset()
    if scope.admin_paths or scope.everything:
        in_full = _log_full_reads(rows, user=request.user, ip=request.META.get("REMOTE_ADDR"))
    items = rows.select_related("user", "region").prefetch_related("skills", "service_fields").iterator(chunk_size=2000)
    columns = volunteer_columns(full=lambda volunteer: volunteer.pk in in_full)
    return export_response(request, items, columns, "全国志愿服务信息系统-志愿者")
