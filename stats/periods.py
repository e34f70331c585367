"""The period selector: a month, a quarter, a year, or a custom span of months, read from the query string."""

import datetime

from stats.selectors import Period

KINDS = ("month", "quarter", "year", "custom")


def _month(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return default


def period_from(params, today: datetime.date) -> tuple[str, Period]:
    kind = params.get("period") if params.get("period") in KINDS else "year"
    this_month = today.replace(day=1)
    at = _month(params.get("at"), this_month)
    if kind == "month":
        return kind, Period(at, at)
    if kind == "quarter":
        first = at.replace(month=(at.month - 1) // 3 * 3 + 1)
        return kind, Period(first, first.replace(month=first.month + 2))
    if kind == "year":
        return kind, Period(at.replace(month=1), at.replace(month=12))
    first = _month(params.get("from"), this_month.replace(month=1))
    last = _month(params.get("to"), this_month)
    if last < first:
        first, last = last, first
    if (last.year - first.year) * 12 + last.month - first.month > 120:
        first = last.replace(year=last.year - 10)
    return kind, Period(first, last)
