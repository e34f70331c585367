"""Every change to the official holiday schedule entered by hand (venues.OfficialDay): one day added or removed,
or a year's schedule pasted from the State Council's notice, one line per range:

    2027-10-01~2027-10-07 国庆节 放假
    2027-09-26 国庆节 上班
    2027-10-09 国庆节 上班

`放假` marks days off, `上班` make-up working days (a Saturday or a Sunday), `调休` days off in lieu said
explicitly. The notice does not say which days off are moved in lieu: unless some `调休` line says so, the last
weekdays off of a holiday are taken as its days off in lieu, one per make-up working day (the pattern of nearly
every notice since 2008), and venues/calendar.py pairs them with the make-up days in date order. A paste is
saved whole or not at all. Every change is kept as an OfficialDayChange with who made it; the calendar kept in
memory is forgotten at once."""

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from venues import calendar
from venues.models import OfficialDay, OfficialDayChange, OfficialDayKind

HOLIDAY, IN_LIEU, WORKDAY = OfficialDayKind.HOLIDAY, OfficialDayKind.IN_LIEU, OfficialDayKind.WORKDAY
DAYS_OFF = "days off"  # `放假`: a holiday or a day off in lieu, decided when the whole paste is read
KIND_WORDS = {"放假": DAYS_OFF, "调休": IN_LIEU, "调休放假": IN_LIEU, "上班": WORKDAY, "调休上班": WORKDAY}
LONGEST_RANGE = 31
NAME_LENGTH = 50
LINE = re.compile(r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2})(?:\s*[~～至]\s*(\d{4}[-/]\d{1,2}[-/]\d{1,2}))?\s+(\S+)\s+(\S+)$")


class OfficialDayError(Exception):
    """A day or a paste the schedule refuses; `problems` lists each bad line of a paste."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Entry:
    on: datetime.date
    kind: str
    name: str
    line: int


def _shown(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _day_problem(on: datetime.date, kind: str) -> str | None:
    """What is wrong with entering `on` as `kind` whatever the other days: a year the built-in calendar holds, or
    a make-up working day that is a working day already."""
    if on <= calendar.KNOWN_UNTIL:
        return _("%(year)s is held by the built-in calendar already: only the years after it are entered here.") % {
            "year": on.year
        }
    if kind == WORKDAY and on.weekday() < 5:
        return _("%(day)s is a working day already: a make-up working day is a Saturday or a Sunday.") % {
            "day": _shown(on)
        }
    return None


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date(*(int(part) for part in re.split("[-/]", text)))
    except ValueError:
        return None


def _parse_line(number: int, text: str) -> tuple[list[Entry], list[str]]:
    def problem(message: str) -> tuple[list[Entry], list[str]]:
        return [], [_("Line %(line)s: %(problem)s") % {"line": number, "problem": message}]

    match = LINE.match(text)
    if not match:
        return problem(
            _("write a date or a range, the holiday and 放假, 调休 or 上班, such as 2027-10-01~2027-10-07 国庆节 放假.")
        )
    first_text, last_text, name, word = match.groups()
    first, last = _date(first_text), _date(last_text or first_text)
    if first is None or last is None:
        return problem(_("%(text)s is not a date.") % {"text": first_text if first is None else last_text})
    if last < first:
        return problem(_("the range ends before it begins."))
    if (last - first).days >= LONGEST_RANGE:
        return problem(_("a range is at most %(days)s days.") % {"days": LONGEST_RANGE})
    if word not in KIND_WORDS:
        return problem(_("“%(word)s” is not 放假, 调休 or 上班.") % {"word": word})
    if len(name) > NAME_LENGTH:
        return problem(_("the holiday's name is longer than %(length)s characters.") % {"length": NAME_LENGTH})
    days = [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]
    for day in days:
        wrong = _day_problem(day, KIND_WORDS[word])
        if wrong:
            return problem(wrong)
    return [Entry(day, KIND_WORDS[word], name, number) for day in days], []


def _holidays(entries: list[Entry]) -> list[list[Entry]]:
    """The entries of each holiday: one name, days within 40 days of each other (元旦 comes once a year)."""
    groups: list[list[Entry]] = []
    for entry in sorted(entries, key=lambda entry: (entry.name, entry.on)):
        last = groups[-1][-1] if groups else None
        if last and last.name == entry.name and (entry.on - last.on).days <= 40:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _decide_days_off(entries: list[Entry]) -> None:
    """`放假` days become holidays, except the last weekdays off of a holiday with make-up working days and no
    `调休` line, which become its days off in lieu, one per make-up day."""
    for holiday in _holidays(entries):
        off = [entry for entry in holiday if entry.kind == DAYS_OFF]
        makeup = sum(entry.kind == WORKDAY for entry in holiday)
        explicit = any(entry.kind == IN_LIEU for entry in holiday)
        weekdays_off = [entry for entry in off if entry.on.weekday() < 5]
        moved = weekdays_off[len(weekdays_off) - makeup :] if makeup and not explicit else []
        for entry in off:
            entry.kind = IN_LIEU if entry in moved else HOLIDAY


def parse(text: str) -> list[Entry]:
    """The days of a pasted schedule; OfficialDayError with every bad line (by its number) when any is bad."""
    entries: list[Entry] = []
    problems: list[str] = []
    seen: dict[datetime.date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found, wrong = _parse_line(number, line)
        problems += wrong
        for entry in found:
            if entry.on in seen:
                problems.append(
                    _("Line %(line)s: %(day)s is on line %(other)s already.")
                    % {"line": number, "day": _shown(entry.on), "other": seen[entry.on]}
                )
                break
            seen[entry.on] = number
        else:
            entries += found
    if not entries and not problems:
        problems.append(_("Paste at least one line of the schedule."))
    if problems:
        raise OfficialDayError(problems)
    _decide_days_off(entries)
    return sorted(entries, key=lambda entry: entry.on)


def _forget() -> None:
    """The calendar in memory reads the days afresh: now, and again once the change is committed (a page read in
    between would keep the old days for a minute)."""
    calendar.forget_entered()
    transaction.on_commit(calendar.forget_entered)


def _conflict(existing: OfficialDay, kind: str, name: str) -> str | None:
    if (existing.kind, existing.name) == (kind, name):
        return None
    return _("%(day)s is entered already as %(kind)s of %(name)s: remove it first.") % {
        "day": _shown(existing.on),
        "kind": existing.get_kind_display(),
        "name": existing.name,
    }


@transaction.atomic
def official_day_add(*, on: datetime.date, kind: str, name: str, by) -> OfficialDay:
    """Enter one day. The same day entered twice (a double submit) stays one day; the same date with another kind
    or holiday is refused."""
    wrong = _day_problem(on, kind)
    if wrong:
        raise OfficialDayError([wrong])
    existing = OfficialDay.objects.select_for_update().filter(on=on).first()
    if existing is None:
        try:
            with transaction.atomic():
                day = OfficialDay.objects.create(on=on, kind=kind, name=name)
        except IntegrityError:  # entered at the same moment by another request
            existing = OfficialDay.objects.get(on=on)
        else:
            OfficialDayChange.objects.create(on=on, kind=kind, name=name, by=by)
            _forget()
            return day
    conflict = _conflict(existing, kind, name)
    if conflict:
        raise OfficialDayError([conflict])
    return existing


@transaction.atomic
def official_days_paste(*, text: str, by) -> list[OfficialDay]:
    """Enter a pasted schedule whole, or nothing when any line is bad. Days entered already alike are kept as
    they are (the same paste sent twice adds nothing); a day entered otherwise refuses the paste. Returns the
    days added."""
    entries = parse(text)
    existing = {day.on: day for day in OfficialDay.objects.select_for_update().filter(on__in=[e.on for e in entries])}
    problems = []
    for entry in entries:
        if entry.on in existing:
            conflict = _conflict(existing[entry.on], entry.kind, entry.name)
            if conflict:
                problems.append(_("Line %(line)s: %(problem)s") % {"line": entry.line, "problem": conflict})
    if problems:
        raise OfficialDayError(problems)
    new = [entry for entry in entries if entry.on not in existing]
    try:
        with transaction.atomic():
            added = OfficialDay.objects.bulk_create(OfficialDay(on=e.on, kind=e.kind, name=e.name) for e in new)
    except IntegrityError:
        raise OfficialDayError(
            [_("Some of these days were entered at the same moment by someone else: paste again.")]
        ) from None
    OfficialDayChange.objects.bulk_create(OfficialDayChange(on=e.on, kind=e.kind, name=e.name, by=by) for e in new)
    _forget()
    return added


@transaction.atomic
def official_day_remove(*, day: OfficialDay, by) -> None:
    OfficialDayChange.objects.create(on=day.on, kind=day.kind, name=day.name, removed=True, by=by)
    day.delete()
    _forget()
