"""When a need is to be served: a window of days for a need served once, and the dates of a recurring need
(weekly, every two weeks, monthly on the same day of the month or on the same weekday of it)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from needs.models import Recurrence

LONGEST_WINDOW = 31  # days; matching.core.windows.LONGEST holds the same bound (a test checks they agree)
RECURRING = (Recurrence.WEEKLY, Recurrence.BIWEEKLY, Recurrence.MONTHLY, Recurrence.MONTHLY_WEEKDAY)


def window_problem(
    wanted_on, wanted_until, recurrence, *, people: int | None = 1, today: datetime.date | None = None
) -> str | None:
    """Why a window of days cannot be asked for, in words for the form; None when it can (or none is given)."""
    if wanted_until is None:
        return None
    if (people or 1) > 1:  # a team is placed in one half-day of one day (matching/core/teams.py)
        return _("A need of several volunteers together is served on one day: give it a day, not a window of days.")
    today = today or timezone.localdate()
    if wanted_on is None:
        return _("Give the first day of the window as well as its last day.")
    if recurrence and recurrence != Recurrence.ONCE:
        return _("A window of days is for a need served once; a recurring need comes back on its own dates.")
    if wanted_until < wanted_on:
        return _("The last day of the window cannot be before its first day.")
    if wanted_until < today:
        return _("The last day of the window, %(date)s, has passed.") % {"date": date_format(wanted_until)}
    if (wanted_until - wanted_on).days >= LONGEST_WINDOW:
        return _("A window is at most %(days)s days; this one has %(length)s.") % {
            "days": LONGEST_WINDOW,
            "length": (wanted_until - wanted_on).days + 1,
        }
    return None


def _add_months(day: datetime.date, months: int) -> datetime.date | None:
    """The same day of the month `months` later; None when that month has no such day (the 31st in April)."""
    month = day.month - 1 + months
    try:
        return day.replace(year=day.year + month // 12, month=month % 12 + 1)
    except ValueError:
        return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date | None:
    """The `nth` (1–4, or 5 for the last) `weekday` of a month."""
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    if nth == 5:
        while (day + datetime.timedelta(days=7)).month == month:
            day += datetime.timedelta(days=7)
        return day
    day += datetime.timedelta(days=7 * (nth - 1))
    return day if day.month == month else None


def dates_between(recurrence: str, first: datetime.date, start: datetime.date, end: datetime.date) -> list:
    """The dates from `start` to `end` on which a need recurring from `first` is served. A monthly need of the
    31st skips months without one; "the same weekday" counts which one it is in the month of `first` (the
    first Monday, …), and a fifth one means the last of each month."""
    found = []
    if recurrence in (Recurrence.WEEKLY, Recurrence.BIWEEKLY):
        step = 7 if recurrence == Recurrence.WEEKLY else 14
        skip = max(0, (start - first).days)
        day = first + datetime.timedelta(days=-(-skip // step) * step)
        while day <= end:
            found.append(day)
            day += datetime.timedelta(days=step)
        return found
    nth = (first.day - 1) // 7 + 1
    months = (start.year - first.year) * 12 + start.month - first.month
    last = (end.year - first.year) * 12 + end.month - first.month
    for offset in range(max(0, months), last + 1):
        if recurrence == Recurrence.MONTHLY:
            day = _add_months(first, offset)
        else:
            month = first.month - 1 + offset
            day = _nth_weekday(first.year + month // 12, month % 12 + 1, first.weekday(), nth)
        if day is not None and start <= day <= end and day >= first:
            found.append(day)
    return found
