"""Activity attendance from a sign-in sheet: one row a volunteer at an activity, with the times served. Each
row goes through `activities.services.attendance_mark`, the call of the leader's roll, which writes the hours
into the ledger (`ledger.services.entry_append`), so the ledger's rules hold: no time to come, nobody records
their own hours, hours in steps and at most a day. The check also refuses what the ledger would take but
must not: a time overlapping the volunteer's other attendance, a row twice, and a recorded attendance with
other times (a correction's business). The same sheet imported again changes nothing."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from activities import overlap
from activities.models import Activity, ActivityStatus, Attendance
from activities.services import attendance_mark
from ledger.chain import service_hours
from ledger.models import LedgerEntry
from ledger.services import LedgerError, hours_check
from people.models import User, Volunteer
from regions.models import Region
from transfer.kinds.common import Column, Problems, RowError, chunks, required, row_taker
from transfer.kinds.lookups import VolunteerFinder, not_found, person_key, read_datetime

COLUMNS = (
    Column("activity", "活动", ("活动名称", "活动编号"), True, "重阳节敬老义剪",
           "本辖区活动的名称或编号（编号见活动页面地址）"),
    Column("person", "证件号码或手机号", ("证件号码", "身份证号", "手机号码", "手机号"), True, "13912345678",
           "已注册志愿者的身份证号或手机号", mask="people"),
    Column("checked_in_at", "签到时间", ("开始时间",), True, "2026-10-29 09:00", "如 2026-10-29 09:00，不能是将来"),
    Column("checked_out_at", "签退时间", ("结束时间",), True, "2026-10-29 11:30", "晚于签到时间，不能是将来"),
    Column("hours", "服务时长", ("服务时长（小时）", "时长"), False, "2.5",
           "小时；空白时按签到签退时间计算，填写时须与之相符"),
)  # fmt: skip


@dataclass
class Record:
    row: int
    values: dict
    activity: Activity | None = None
    volunteer: Volunteer | None = None
    unchanged: bool = False


def read_hours(raw: str) -> Decimal | None:
    if not raw.strip():
        return None
    try:
        return hours_check(Decimal(raw.strip()))
    except (InvalidOperation, LedgerError) as error:
        raise RowError(str(error) if isinstance(error, LedgerError) else _("Not a number of hours.")) from None


class AttendanceImport:
    columns = COLUMNS

    def __init__(self, *, area: Region, by: User):
        self.area, self.by = area, by
        self.people = VolunteerFinder(area, by)
        self.activities, self.titles = {}, {}
        mine = Activity.objects.changeable_by(by).filter(region__path__startswith=area.path)
        for activity in mine.exclude(status=ActivityStatus.CANCELLED).select_related("organiser", "lead"):
            self.activities[str(activity.pk)] = activity
            self.titles.setdefault(activity.title, []).append(activity)

    def _activity(self, raw: str) -> Activity:
        text = raw.strip()
        found = [self.activities[text]] if text in self.activities else self.titles.get(text, [])
        if len(found) > 1:
            raise RowError(_("Several activities of your area have this name; write the activity's number."))
        if not found:
            raise RowError(_("No activity of your area has this name or number."))
        return found[0]

    def read_row(self, row: int, cells: dict[str, str], problems: Problems) -> Record | None:
        values = {}
        take = row_taker(row, cells, problems, COLUMNS, values)
        take("activity", required(self._activity))
        take("person", required(person_key))
        take("checked_in_at", required(read_datetime))
        take("checked_out_at", required(read_datetime))
        take("hours", read_hours)
        if row in problems.rows:
            return None
        start, end, activity = values["checked_in_at"], values["checked_out_at"], values["activity"]
        if end <= start:
            problems.add(row, "签退时间", cells["checked_out_at"], _("The end must come after the start."))
        elif end <= activity.starts_at or start >= activity.ends_at:
            problems.add(row, "签到时间", cells["checked_in_at"], _("The times lie outside the activity's."))
        else:
            hours = service_hours(
                max(start, activity.starts_at), min(end, activity.ends_at), step_minutes=settings.HOURS_STEP_MINUTES
            )
            if values["hours"] is not None and values["hours"] != hours:
                problems.add(
                    row,
                    "服务时长",
                    cells["hours"],
                    _("Does not match the times, which give %(hours)s hours.") % {"hours": f"{hours.normalize():f}"},
                )
        values["raw_person"] = cells["person"]
        return None if row in problems.rows else Record(row=row, values=values)

    def look_up(self, records: list[Record], problems: Problems) -> list[Record]:
        found = self.people.find([record.values["person"] for record in records])
        for record in records:
            person = found.get(record.values["person"])
            if person is None:
                problems.add(record.row, "证件号码或手机号", record.values["raw_person"], not_found())
            elif person["user_id"] == self.by.pk:
                problems.add(
                    record.row, "证件号码或手机号", record.values["raw_person"], _("Nobody records their own hours.")
                )
            else:
                record.volunteer = Volunteer(pk=person["pk"], user_id=person["user_id"])
        records = [record for record in records if record.row not in problems.rows]
        self._overlaps_in_file(records, problems)
        records = [record for record in records if record.row not in problems.rows]
        stored, others = {}, {}
        for batch in chunks(records):
            volunteers = {record.volunteer.pk for record in batch}
            start = min(record.values["checked_in_at"] for record in batch)
            end = max(record.values["checked_out_at"] for record in batch)
            for attendance in overlap.near(volunteers, start, end):
                others.setdefault(attendance.volunteer_id, []).append(attendance)
            activities = {record.values["activity"].pk for record in batch}
            for attendance in Attendance.objects.filter(volunteer_id__in=volunteers, activity_id__in=activities):
                stored[(attendance.activity_id, attendance.volunteer_id)] = attendance
        recorded = set()
        for batch in chunks([attendance.pk for attendance in stored.values()]):
            recorded.update(LedgerEntry.objects.filter(attendance_id__in=batch).values_list("attendance_id", flat=True))
        for record in records:
            activity, start, end = (
                record.values["activity"],
                record.values["checked_in_at"],
                record.values["checked_out_at"],
            )
            same = stored.get((activity.pk, record.volunteer.pk))
            if same is not None and same.pk in recorded:
                if (same.checked_in_at, same.checked_out_at) == (start, end):
                    record.unchanged = True
                else:
                    problems.add(
                        record.row,
                        "签到时间",
                        "",
                        _("Hours for this attendance are recorded already; ask for a correction instead."),
                    )
                continue
            for other in others.get(record.volunteer.pk, []):
                # the preview of the rule `attendance_mark` keeps (activities.overlap), for the whole file at once
                if overlap.overlapping(other, activity_id=activity.pk, start=start, end=end):
                    problems.add(record.row, "签到时间", "", overlap.overlap_message(other))
                    break
        return [record for record in records if record.row not in problems.rows]

    @staticmethod
    def _overlaps_in_file(records: list[Record], problems: Problems) -> None:
        by_volunteer: dict[int, list[Record]] = {}
        first = {}
        for record in records:
            key = (record.values["activity"].pk, record.volunteer.pk)
            if key in first:
                problems.add(
                    record.row,
                    "证件号码或手机号",
                    record.values["raw_person"],
                    _("The same value is in row %(row)s of this file already.") % {"row": first[key]},
                )
                continue
            first[key] = record.row
            by_volunteer.setdefault(record.volunteer.pk, []).append(record)
        for rows in by_volunteer.values():
            rows.sort(key=lambda record: record.values["checked_in_at"])
            for before, after in zip(rows, rows[1:], strict=False):
                if after.values["checked_in_at"] < before.values["checked_out_at"]:
                    problems.add(
                        after.row,
                        "签到时间",
                        "",
                        _("Overlaps row %(row)s of this file for the same volunteer.") % {"row": before.row},
                    )

    def write(self, records: list[Record], progress) -> tuple[int, int, int]:
        created = updated = 0
        for done, record in enumerate(records, start=1):
            if not record.unchanged:
                existed = Attendance.objects.filter(
                    activity=record.values["activity"], volunteer_id=record.volunteer.pk
                ).exists()
                attendance_mark(
                    activity=record.values["activity"],
                    volunteer=Volunteer.objects.get(pk=record.volunteer.pk),
                    by=self.by,
                    checked_in_at=record.values["checked_in_at"],
                    checked_out_at=record.values["checked_out_at"],
                )
                updated += existed
                created += not existed
            if done % 200 == 0:
                progress(done)
        return created, updated, len(records) - created - updated
