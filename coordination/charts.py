"""The campaign dashboard's charts, from its tally rows (`coordination.tally.campaign_figures`), drawn as the stats
dashboards draw theirs (`core/charts.py`): targets against what is tallied so far over the campaign's whole span,
the period's months, and the cities or counties below side by side over the period."""

from django.utils.translation import gettext as _

from core.charts import section

NAMES = ("activities", "volunteers", "hours", "people served")


def _values(figures) -> list:
    return [figures.activities, figures.volunteers, figures.hours, figures.people_served]


def campaign_sections(campaign, region, so_far, rows, months, query: str) -> list[dict]:
    """so_far: the figures of the campaign's region over its whole span (None below it); rows: those of the
    regions below over the period; months: [(month, figures)] of the region over the period."""
    sections = []
    names = [_(name) for name in NAMES]
    if so_far is not None:
        targets = [
            (_("volunteers"), [campaign.target_volunteers or 0, so_far.volunteers], None),
            (_("hours"), [campaign.target_hours or 0, so_far.hours], None),
            (_("people served"), [campaign.target_people_served or 0, so_far.people_served], None),
        ]
        series = [_("target"), _("so far")]
        sections.append(section("targets", _("Targets and the tally so far"), "bar", targets, series_names=series))
    if any(any(_values(figures)) for _month, figures in months):
        by_month = [(month.strftime("%Y-%m"), _values(figures), None) for month, figures in months]
        sections.append(section("months", _("By month"), "bar", by_month, series_names=names))
    if rows:
        suffix = f"&{query}" if query else ""
        by_region = [(row.region.name, _values(row), f"?region={row.region.code}{suffix}") for row in rows]
        sections.append(section("regions", _("By region"), "bar", by_region, series_names=names))
    return sections
