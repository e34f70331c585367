"""The campaign's figures: hours, volunteers, activities and people served of its linked activities, for the
campaign's region and every city and county below it that has any, kept in `CampaignTally` rows.

Only the ledger entries of the linked activities are read (by their attendance, with the corrections that
reverse or replace them), never the whole ledger; the dashboard reads the tally rows. `campaign_live`
computes the same figures with a GROUP BY in the database, for the test that holds the two equal.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from coordination.models import Campaign, CampaignActivity, CampaignTally
from ledger.selectors import attendance_entries
from regions.models import Region


def entries_of(campaign: Campaign):
    """The ledger entries whose hours come from the campaign's activities, corrections included, each with the
    path of its activity's region (`where`): the selector projects' delivered hours share."""
    return attendance_entries(campaign_link__campaign=campaign)


def _tallied_paths(path: str, top: str) -> list[str]:
    """The paths from the campaign's region `top` down to the county of `path`."""
    codes = path.strip("/").split("/")[:3]
    paths = ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]
    return [p for p in paths if p.startswith(top)]


@transaction.atomic
def campaign_tally_refresh(campaign: Campaign) -> list[CampaignTally]:
    """Recount the campaign from its links and their entries and replace its tally rows. The campaign's row is
    locked first: a second refresh at once (the periodic task and a dashboard read) waits, then recounts, rather
    than inserting beside the first's uncommitted rows."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).exists()
    top = campaign.group.region.path
    activities, people = defaultdict(int), defaultdict(int)
    hours, volunteers = defaultdict(Decimal), defaultdict(set)
    for region_path, served in CampaignActivity.objects.filter(campaign=campaign).values_list(
        "activity__region__path", "people_served"
    ):
        for path in _tallied_paths(region_path, top):
            activities[path] += 1
            people[path] += served
    for where, volunteer, entry_hours in entries_of(campaign).values_list("where", "volunteer_id", "hours"):
        for path in _tallied_paths(where, top):
            hours[path] += entry_hours
            volunteers[path].add(volunteer)
    regions = {region.path: region for region in Region.objects.filter(path__in=set(activities) | set(hours))}
    CampaignTally.objects.filter(campaign=campaign).delete()
    rows = CampaignTally.objects.bulk_create(
        CampaignTally(
            campaign=campaign,
            region=regions[path],
            activities=activities[path],
            volunteers=len(volunteers[path]),
            hours=hours[path],
            people_served=people[path],
        )
        for path in sorted(regions)
    )
    Campaign.objects.filter(pk=campaign.pk).update(tallied_at=timezone.now())
    return rows


def campaigns_tally(*, running_only: bool = True) -> int:
    """Refresh every campaign that runs today or ended within the last 30 days (the periodic task)."""
    today = timezone.localdate()
    campaigns = Campaign.objects.all()
    if running_only:
        campaigns = campaigns.filter(starts_on__lte=today, ends_on__gte=today - datetime.timedelta(days=30))
    count = 0
    for campaign in campaigns.select_related("group__region"):
        campaign_tally_refresh(campaign)
        count += 1
    return count


def campaign_live(campaign: Campaign, region: Region) -> dict:
    """The figures of one region computed live with database aggregates (for the test)."""
    links = CampaignActivity.objects.filter(campaign=campaign, activity__region__path__startswith=region.path)
    linked = links.aggregate(activities=Count("pk"), people_served=Sum("people_served"))
    entries = entries_of(campaign).filter(where__startswith=region.path)
    worked = entries.aggregate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
    return {
        "activities": linked["activities"],
        "people_served": linked["people_served"] or 0,
        "hours": worked["hours"] or Decimal(0),
        "volunteers": worked["volunteers"],
    }
