"""Reads of the facts: the figures of one region and of each region below it, for a period of months."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from core.periods import Period
from regions.models import Region
from stats.models import SNAPSHOT, Fact

FLOWS = (
    "hours",
    "needs_found",
    "needs_served",
    "needs_closed",
    "closing_seconds",
    "responded",
    "response_seconds",
    "needs_answered",
    "needs_unanswered",
    "evaluations",
    "satisfaction_sum",
    "cases_crisis",
    "case_crisis_minutes",
)
SNAPSHOTS = (
    "volunteers",
    "volunteers_any",
    "teams",
    "organisations",
    "needs_status",
    "needs_open_crisis",
    "recipients",
)
DUE = ("needs_waiting_due", "dispatch_open_due")
"""Waiting items counted on their due day: the figure is those due before today (overdue)."""
RECENT = ("volunteer_last_served",)
"""Counted on a last day: the figure is those within the last ACTIVE_DAYS days, today included."""
ACTIVE_DAYS = 90

Figures = dict[tuple[str, str], Decimal]


def _figures_query(region_ids, period: Period, today: datetime.date):
    return Fact.objects.filter(region_id__in=region_ids).filter(
        Q(metric__in=FLOWS, period__gte=period.first, period__lte=period.last)
        | Q(metric__in=SNAPSHOTS, period=SNAPSHOT)
        | Q(metric__in=DUE, period__lt=today)
        | Q(metric__in=RECENT, period__gt=today - datetime.timedelta(days=ACTIVE_DAYS), period__lte=today)
    )


def rollup_rows(region_ids, period: Period, today: datetime.date) -> list[tuple]:
    """The facts behind a dashboard, as they are stored (the benchmark's 'reading the rollup rows')."""
    return list(_figures_query(region_ids, period, today).values_list("region_id", "metric", "dim", "period", "value"))


RENAMED = {metric: metric.replace("_due", "_overdue") for metric in DUE} | dict.fromkeys(RECENT, "volunteers_active")
HOURS = ("hours", "")


def figures_of(regions, period: Period, today: datetime.date) -> dict[int, Figures]:
    """For each region: {(metric, dim): value} over the period, with hours also by month ("hours_month",
    "2026-11") and the due items as overdue. One pass over the rows with one dictionary lookup for most: the
    fold is most of what a dashboard adds to reading its rows (docs/benchmarks.md)."""
    figures: dict[int, Figures] = {region.pk: {} for region in regions}
    months: dict[datetime.date, tuple[str, str]] = {}
    for region_id, metric, dim, day, value in rollup_rows(list(figures), period, today):
        into = figures[region_id]
        if metric == "hours":
            month = months.get(day)
            if month is None:
                month = months[day] = ("hours_month", day.isoformat()[:7])
            into[HOURS] = into.get(HOURS, 0) + value
            into[month] = into.get(month, 0) + value
        elif metric in RENAMED:
            metric = RENAMED[metric]
            if dim and metric != "volunteers_active":
                total = (metric, "")
                into[total] = into.get(total, 0) + value
        key = (metric, dim)
        into[key] = into.get(key, 0) + value
    for values in figures.values():
        for key in [key for key, value in values.items() if not value]:
            del values[key]
    return figures


def region_and_children(regions, code: str) -> tuple[Region | None, list[Region]]:
    """The region of `code` among `regions` (a user's areas) and the regions right below it, in one query (the
    dashboard needs both: this saves it a round trip). None when the code is not among them."""
    found = list(regions.filter(Q(code=code) | Q(parent__code=code)).order_by("depth", "code"))
    region = next((r for r in found if r.code == code), None)
    return region, [r for r in found if region is not None and r.parent_id == region.pk]


def dashboard_figures(region: Region, period: Period, today: datetime.date, children=None):
    """The region's figures and its children's (given, or read here), in one query of the facts."""
    if children is None:
        children = list(Region.objects.filter(parent=region).order_by("code"))
    figures = figures_of([region, *children], period, today)
    return figures[region.pk], [(child, figures[child.pk]) for child in children]


def figures_for_paths(paths, today: datetime.date) -> Figures:
    """The snapshot figures of a user's areas (the home page): the facts of each area's top region."""
    tops = [path for path in paths if not any(path != other and path.startswith(other) for other in paths)]
    codes = [path.strip("/").split("/")[-1] for path in tops]
    regions = list(Region.objects.filter(code__in=codes))
    period = Period(today.replace(day=1), today.replace(day=1))
    total: Figures = defaultdict(Decimal)
    for values in figures_of(regions, period, today).values():
        for key, value in values.items():
            total[key] += value
    return total
