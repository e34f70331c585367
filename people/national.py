"""The volunteers in the data items of the national volunteer service information system (《志愿服务记录与证明
出具办法》 Art. 5), for a county to hand its roster over; docs/transfer.md, "National system export", maps
each column. The headers are the national system's Chinese item names: a data format, not a page, so they
are not translated.

ID and mobile numbers go out in full only to those who may change the volunteers (the region admins of the
area), since the national system identifies a volunteer by them; each row so read is written to the access
log (PIPL Art. 51), a batch at a time as the file streams. Everyone else gets them masked, as on the list.
"""

from collections.abc import Iterable, Iterator

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


def volunteer_columns(*, full: bool) -> list[Column]:
    region_name = region_name_reader()
    return [
        Column("志愿者编号", lambda v: v.volunteer_number),
        Column("姓名", lambda v: v.user.name),
        Column("性别", choice("sex")),
        Column("出生日期", lambda v: v.birth_date),
        Column("证件类型", choice("id_type")),
        Column("证件号码", (lambda v: v.id_number) if full else (lambda v: v.masked_id)),
        Column("居住区域", lambda v: region_name(v.region)),
        Column("区划代码", lambda v: v.region.code),
        Column("联系方式", (lambda v: v.user.phone) if full else (lambda v: v.user.masked_phone)),
        Column("专业技能", lambda v: _names(v.skills)),
        Column("服务类别", lambda v: _names(v.service_fields)),
        Column("注册时间", lambda v: v.registered_at),
    ]


def _logged(volunteers: Iterable, *, user, ip: str | None) -> Iterator:
    """The volunteers, each read in full logged in the access log, a batch at a time."""
    batch = []
    for volunteer in volunteers:
        batch.append(volunteer.pk)
        yield volunteer
        if len(batch) >= LOG_BATCH:
            _log(batch, user=user, ip=ip)
            batch = []
    _log(batch, user=user, ip=ip)


def _log(ids: list[int], *, user, ip):
    AccessLog.objects.bulk_create(
        AccessLog(user=user, subject_type="volunteer", subject_id=pk, field_name="national_export", ip=ip) for pk in ids
    )


@scoped("volunteer")
def volunteer_national_export(request):
    """The volunteers list, filtered as on the page, in the national system's items (?export=xlsx or csv)."""
    scope = scope_of(request.user)
    full = bool(scope.admin_paths or scope.everything)
    base = Volunteer.objects.changeable_by(request.user) if full else Volunteer.objects.visible_to(request.user)
    filters = VolunteerFilter(request.GET, base, request=request)
    rows = filters.qs.select_related("user", "region").prefetch_related("skills", "service_fields").order_by("pk")
    items = rows.iterator(chunk_size=2000)
    if full:
        items = _logged(items, user=request.user, ip=request.META.get("REMOTE_ADDR"))
    return export_response(request, items, volunteer_columns(full=full), "全国志愿服务信息系统-志愿者")
