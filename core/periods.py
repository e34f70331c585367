"""The period selector of the dashboards (stats, a campaign's): a month, a quarter, a year, or a custom span of
months, read from the query string.

A month that is not one (`abc`, `2026-13`), is before EARLIEST or has not come yet (`2999-01`, `9999-12`, whose
year would run past the calendar) is not read: the period falls back to this month and `period_from` says why.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("month", "quarter", "year", "custom")


@dataclass(frozen=True)
class Period:
    """A span of whole months, first day of the first to first day of the last."""

    first: datetime.date
    last: datetime.date

    def end(self) -> datetime.date:
        """The last day of the last month."""
        return (self.last + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)

    def months(self) -> list[datetime.date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months


EARLIEST = datetime.date(1990, 1, 1)


def month_of(moment: datetime.date | datetime.datetime) -> datetime.date:
    """The first day of the month of a date, or of a moment in local time."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment).date()
    return moment.replace(day=1)


def _month(text: str | None, default: datetime.date, this_month: datetime.date, notices: list[str]) -> datetime.date:
    if not text:
        return default
    try:
        month = datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        notices.append(_("“%(value)s” is not a valid month (YYYY-MM); this month is shown instead.") % {"value": text})
        return this_month
    if month > this_month:
        notices.append(_("%(value)s has not come yet; this month is shown instead.") % {"value": text})
        return this_month
    if month < EARLIEST:
        notices.append(_("“%(value)s” is not a valid month (YYYY-MM); this month is shown instead.") % {"value": text})
        return this_month
    return month


def period_from(params, today: datetime.date) -> tuple[str, Period, list[str]]:
    """The kind, the period and the notices on months not read (empty when every month given was read)."""
    kind = params.get("period") if params.get("period") in KINDS else "year"
    this_month = today.replace(day=1)
    notices: list[str] = []
    if kind != "custom":
        at = _month(params.get("at"), this_month, this_month, notices)
        if kind == "month":
            return kind, Period(at, at), notices
        if kind == "quarter":
            first = at.replace(month=(at.month - 1) // 3 * 3 + 1)
            return kind, Period(first, first.replace(month=first.month + 2)), notices
        return kind, Period(at.replace(month=1), at.replace(month=12)), notices
    first = _month(params.get("from"), this_month.replace(month=1), this_month, notices)
    last = _month(params.get("to"), this_month, this_month, notices)
    if last < first:
        first, last = last, first
    if (last.year - first.year) * 12 + last.month - first.month > 120:
        first = last.replace(year=last.year - 10)
    return kind, Period(first, last), notices
