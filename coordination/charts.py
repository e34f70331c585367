"""The campaign dashboard's charts, from its tally rows (`CampaignTally`), drawn as the stats dashboards draw theirs
(`core/charts.py`): targets against what is tallied so far, and the cities or counties below side by side."""

from django.utils.translation import gettext as _

from core.charts import section


def campaign_sections(campaign, region, total, rows) -> list[dict]:
    sections = []
    if region == campaign.group.region:
        so_far = total or campaign.tallies.model(campaign=campaign, region=region)
        targets = [
            (_("volunteers"), [campaign.target_volunteers or 0, so_far.volunteers], None),
            (_("hours"), [campaign.target_hours or 0, so_far.hours], None),
            (_("people served"), [campaign.target_people_served or 0, so_far.people_served], None),
        ]
        names = [_("target"), _("so far")]
        sections.append(section("targets", _("Targets and the tally so far"), "bar", targets, series_names=names))
    if rows:
        names = [_("activities"), _("volunteers"), _("hours"), _("people served")]
        by_region = [
            (row.region.name, [row.activities, row.volunteers, row.hours, row.people_served], _drill(row))
            for row in rows
        ]
        sections.append(section("regions", _("By region"), "bar", by_region, series_names=names))
    return sections


def _drill(row) -> str:
    return f"?region={row.region.code}"
