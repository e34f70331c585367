"""The department's reports (一表通): a region's figures and one row per region below it, for a month, a quarter
or a year, read from the facts (the same figures as the dashboards) and written as .xlsx or PDF."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from core.documents import pdf_response, xlsx_response
from stats.selectors import Figures, Period, dashboard_figures

HOUR, DAY = Decimal(3600), Decimal(86400)


def _average(total, count, unit=Decimal(1)) -> Decimal | None:
    return (Decimal(total or 0) / Decimal(count) / unit).quantize(Decimal("0.1")) if count else None


def report_values(figures: Figures) -> list:
    """One row's figures, in the order of `report_header`."""
    value = lambda metric, dim="": Decimal(figures.get((metric, dim), 0))  # noqa: E731
    return [
        value("volunteers"),
        value("volunteers_active"),
        value("teams"),
        value("hours"),
        value("needs_found"),
        value("needs_served"),
        value("needs_closed"),
        value("needs_found", "crisis"),
        _average(value("response_seconds"), value("responded"), HOUR),
        _average(value("response_seconds", "crisis"), value("responded", "crisis"), HOUR),
        _average(value("closing_seconds"), value("needs_closed"), DAY),
        value("evaluations"),
        _average(value("satisfaction_sum"), value("evaluations")),
        value("needs_waiting_overdue"),
    ]


def report_header() -> list[str]:
    return [
        _("Region"),
        _("Registered volunteers"),
        _("Volunteers active in the last 90 days"),
        _("Teams"),
        _("Hours"),
        _("Needs found"),
        _("Needs served"),
        _("Needs closed"),
        _("Crisis needs found"),
        _("Hours to first response (average)"),
        _("Hours to first response in a crisis (average)"),
        _("Days to closing (average)"),
        _("Evaluations"),
        _("Satisfaction (average of 5)"),
        _("Overdue needs (due before today)"),
    ]


def report_rows(region, period: Period, today: datetime.date) -> list[list]:
    """The region's row first (its whole area), then one row per region below it."""
    figures, children = dashboard_figures(region, period, today)
    rows = [[region.name, *report_values(figures)]]
    rows += [[child.name, *report_values(values)] for child, values in children]
    return rows


def _month(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月"


def report_title(region, period: Period) -> str:
    span = _month(period.first) if period.first == period.last else f"{_month(period.first)}–{_month(period.last)}"
    return _("%(region)s: social work and volunteer service report, %(span)s") % {"region": region.name, "span": span}


def report_document(region, period: Period, today: datetime.date, fmt: str):
    title = report_title(region, period)
    day = {"day": f"{today.year}年{today.month}月{today.day}日"}
    lines = [
        _("Flows over the period (needs by the month found); volunteers, teams and overdue needs as of %(day)s.") % day,
        _("Made from the record's rollups on %(day)s.") % day,
    ]
    tables = [(_("Figures by region"), report_header(), report_rows(region, period, today))]
    return (xlsx_response if fmt == "xlsx" else pdf_response)(title, lines, tables)
