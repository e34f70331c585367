"""The official calendar of China for rooms: statutory holidays, days off moved in lieu, make-up working days.

Pure logic over `chinese_calendar` (the State Council's yearly schedule, pinned in requirements.lock): no
Django import, so it is tested alone.

- A statutory holiday (国庆节, 春节 …) closes a room that follows the official calendar.
- A make-up working day (调休上班, a Saturday or a Sunday) is a working day: such a room opens on it with the
  hours of the working weekday it stands in for. Days off in lieu and make-up days of one holiday are paired
  in date order (the first day off in lieu is worked on the first make-up day …), which is how the yearly
  notice moves them: in 2026 the 国庆 days off of Tuesday 6 and Wednesday 7 October are worked on Sunday
  20 September and Saturday 10 October.
- A weekly series meets on its weekdays; an occurrence on a holiday is skipped, and one on a day off in lieu
  moves to the make-up day that replaces it, when the room is open then.
- A year the pinned release does not know yet (the State Council publishes each schedule late in the year
  before) can be entered by hand (venues.OfficialDay, on the page 法定节假日安排 of province admins and the
  back office): the days of a year entered there are read before the library's. A year neither knows is
  treated as ordinary weeks: Saturdays and Sundays off, no holiday, no make-up working day. The booking
  pages say so (known_until) for such years only.

The entered days come from a source that the venues app sets at start (`use_entered_days`); they are kept in
memory for a minute, and forgotten at once when this process changes them (`forget_entered`).
"""

import datetime
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import chinese_calendar

KNOWN_UNTIL = datetime.date(max(chinese_calendar.holidays).year, 12, 31)
"""The last day of the last year whose official schedule the pinned chinese_calendar holds."""

HOLIDAY, IN_LIEU, WORKDAY = "holiday", "in_lieu", "workday"  # the kinds of an entered day
REFRESH_SECONDS = 60

_source: Callable[[], dict] | None = None  # () -> {day: (kind, holiday name)} of every entered day
_entered: tuple[dict, set[int]] | None = None  # the days, and their years
_entered_at = 0.0


def use_entered_days(source: Callable[[], dict] | None) -> None:
    """Read the days entered by hand from `source` (the venues app sets it at start)."""
    global _source
    _source = source
    forget_entered()


def forget_entered(*, empty: bool = False) -> None:
    """Read the entered days afresh at the next use (`empty`: hold none until the next forget, for tests that
    use no database)."""
    global _entered, _entered_at
    _entered, _entered_at = (({}, set()), math.inf) if empty else (None, 0.0)


def _entered_data() -> tuple[dict, set[int]]:
    global _entered, _entered_at
    if _source is None:
        return {}, set()
    if _entered is None or time.monotonic() - _entered_at > REFRESH_SECONDS:
        days = _source()
        _entered, _entered_at = (days, {day.year for day in days}), time.monotonic()
    return _entered


def _entered_years() -> set[int]:
    return _entered_data()[1]


def known_until() -> datetime.date:
    """The last day of the official schedule known without a gap: the library's years, then the years entered."""
    year, entered = KNOWN_UNTIL.year, _entered_years()
    while year + 1 in entered:
        year += 1
    return datetime.date(year, 12, 31)


def beyond_known(day: datetime.date) -> bool:
    """Whether `day` lies in a year whose schedule neither the library nor the entered days hold, so it is
    treated as an ordinary week's day."""
    return day > KNOWN_UNTIL and day.year not in _entered_years()


# chinese_calendar names holidays in English; pages translate these names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _detail(day: datetime.date) -> tuple[bool, str | None]:
    entered, years = _entered_data()
    if day.year in years:
        kind, name = entered.get(day, (None, None))
        if kind is None:
            return day.weekday() >= 5, None
        return kind != WORKDAY, name
    try:
        return chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year the pinned schedule does not know yet: weekends only
        return day.weekday() >= 5, None


def holiday_name(day: datetime.date) -> str | None:
    """The Chinese name of the statutory holiday on `day` (None on an ordinary day or weekend)."""
    is_holiday, name = _detail(day)
    return HOLIDAY_NAMES.get(name, name) if is_holiday and name else None


def is_makeup_workday(day: datetime.date) -> bool:
    """A Saturday or Sunday worked in place of a day off of a holiday (调休上班)."""
    is_holiday, name = _detail(day)
    return not is_holiday and day.weekday() >= 5


def _in_lieu(day: datetime.date) -> bool:
    entered, years = _entered_data()
    if day.year in years:
        return entered.get(day, (None,))[0] == IN_LIEU
    try:
        return chinese_calendar.is_in_lieu(day)
    except NotImplementedError:
        return False


def _days_of(name: str, around: datetime.date, predicate) -> list[datetime.date]:
    """Days of one holiday's schedule (within 40 days of `around`) that satisfy `predicate`."""
    days = []
    for offset in range(-40, 41):
        day = around + datetime.timedelta(days=offset)
        if _detail(day)[1] == name and predicate(day):
            days.append(day)
    return days


def makeup_day_for(day: datetime.date) -> datetime.date | None:
    """The make-up working day on which the day off in lieu `day` is worked (None if `day` is not one)."""
    if not _in_lieu(day):
        return None
    name = _detail(day)[1]
    lieu = _days_of(name, day, _in_lieu)
    makeup = _days_of(name, day, is_makeup_workday)
    index = lieu.index(day)
    return makeup[index] if index < len(makeup) else None


def stands_in_for(day: datetime.date) -> int | None:
    """The weekday (0 = Monday) whose work a make-up working day takes (None if `day` is not one)."""
    if not is_makeup_workday(day):
        return None
    name = _detail(day)[1]
    lieu = _days_of(name, day, _in_lieu)
    makeup = _days_of(name, day, is_makeup_workday)
    index = makeup.index(day)
    return lieu[index].weekday() if index < len(lieu) else 0


@dataclass(frozen=True)
class Occurrence:
    day: datetime.date
    moved_from: datetime.date | None = None  # a day off in lieu whose meeting moved to this make-up day


@dataclass(frozen=True)
class Skipped:
    day: datetime.date
    reason: str


def weekly(
    first_day: datetime.date, weekdays: set[int], weeks: int, *, is_open, exceptions=frozenset()
) -> tuple[list[Occurrence], list[Skipped]]:
    """The days of a series meeting on `weekdays` for `weeks` weeks from `first_day`.

    `is_open(day)` says whether the room opens that day for the series' hours (holidays included in its
    answer: a room that follows the official calendar is closed on them). `exceptions` are days the series
    leaves out. Returns the days it meets and the days it skips, each with the reason (a holiday's name,
    "closed", "exception")."""
    occurrences: list[Occurrence] = []
    skipped: list[Skipped] = []
    last_day = first_day + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1)
    for offset in range((last_day - first_day).days + 1):
        day = first_day + datetime.timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        if day in exceptions:
            skipped.append(Skipped(day, "exception"))
            continue
        holiday = holiday_name(day)
        if holiday:
            skipped.append(Skipped(day, holiday))
            makeup = makeup_day_for(day)
            if makeup is not None and makeup >= first_day and makeup not in exceptions and is_open(makeup):
                occurrences.append(Occurrence(makeup, moved_from=day))
            continue
        if not is_open(day):
            skipped.append(Skipped(day, "closed"))
            continue
        occurrences.append(Occurrence(day))
    occurrences.sort(key=lambda occurrence: occurrence.day)
    return occurrences, skipped
