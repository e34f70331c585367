"""The campaign's figures: hours, volunteers, activities and people served of its linked activities, for the
campaign's region and every city and county below it that has any, month by month, kept in `CampaignTally` and
`CampaignVolunteer` rows.

Only the ledger entries of the linked activities are read (by their attendance, with the corrections that
reverse or replace them), never the whole ledger; the dashboard reads the tally rows. Activities and people
served count in the month the activity starts, hours in the month of the ledger entry (a correction keeps the
day of the entry it corrects). The figures of a span of months are the sums of its months, but for volunteers:
the distinct volunteers of its `CampaignVolunteer` rows (one per volunteer, region and month served), so that
one who served in two months counts once. `campaign_live` computes the same figures with a GROUP BY in the
database, for the test that holds the two equal.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from coordination.models import Campaign, CampaignActivity, CampaignTally, CampaignVolunteer
from core.periods import Period, month_of
from ledger.selectors import attendance_entries
from regions.models import Region


@dataclass
class Figures:
    """A region's figures over a span of months."""

    region: Region
    activities: int = 0
    volunteers: int = 0
    hours: Decimal = Decimal(0)
    people_served: int = 0


def entries_of(campaign: Campaign):
    """The ledger entries whose hours come from the campaign's activities, corrections included, each with the
    path of its activity's region (`where`): the selector projects' delivered hours share."""
    return attendance_entries(campaign_link__campaign=campaign)


def _tallied_paths(path: str, top: str) -> list[str]:
    """The paths from the campaign's region `top` down to the county of `path`."""
    codes = path.strip("/").split("/")[:3]
    paths = ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]
    return [p for p in paths if p.startswith(top)]


def campaign_months(campaign: Campaign) -> Period:
    """The months of the campaign's dates."""
    return Period(month_of(campaign.starts_on), month_of(campaign.ends_on))


@transaction.atomic
def campaign_tally_refresh(campaign: Campaign) -> list[CampaignTally]:
    """Recount the campaign from its links and their entries and replace its tally rows. The campaign's row is
    locked first: a second refresh at once (the periodic task and a dashboard read) waits, then recounts, rather
    than inserting beside the first's uncommitted rows."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).exists()
    top = campaign.group.region.path
    activities, people = defaultdict(int), defaultdict(int)
    hours, volunteers = defaultdict(Decimal), set()
    for region_path, starts_at, served in CampaignActivity.objects.filter(campaign=campaign).values_list(
        "activity__region__path", "activity__starts_at", "people_served"
    ):
        for path in _tallied_paths(region_path, top):
            activities[path, month_of(starts_at)] += 1
            people[path, month_of(starts_at)] += served
    for where, on, volunteer, entry_hours in entries_of(campaign).values_list("where", "on", "volunteer_id", "hours"):
        for path in _tallied_paths(where, top):
            hours[path, month_of(on)] += entry_hours
            volunteers.add((path, month_of(on), volunteer))
    keys = set(activities) | set(hours)
    regions = {region.path: region for region in Region.objects.filter(path__in={path for path, _m in keys})}
    CampaignTally.objects.filter(campaign=campaign).delete()
    CampaignVolunteer.objects.filter(campaign=campaign).delete()
    rows = CampaignTally.objects.bulk_create(
        CampaignTally(
            campaign=campaign,
            region=regions[path],
            month=month,
            activities=activities[path, month],
            hours=hours[path, month],
            people_served=people[path, month],
        )
        for path, month in sorted(keys)
    )
    CampaignVolunteer.objects.bulk_create(
        CampaignVolunteer(campaign=campaign, region=regions[path], month=month, volunteer_id=volunteer)
        for path, month, volunteer in sorted(volunteers)
    )
    Campaign.objects.filter(pk=campaign.pk).update(tallied_at=timezone.now())
    return rows


def campaigns_tally(*, running_only: bool = True) -> int:
    """Refresh every campaign that runs today or ended within the last 30 days (the periodic task); every
    campaign with `running_only=False` (a rebuild)."""
    today = timezone.localdate()
    campaigns = Campaign.objects.all()
    if running_only:
        campaigns = campaigns.filter(starts_on__lte=today, ends_on__gte=today - datetime.timedelta(days=30))
    count = 0
    for campaign in campaigns.select_related("group__region"):
        campaign_tally_refresh(campaign)
        count += 1
    return count


def campaign_figures(campaign: Campaign, regions, period: Period | None = None) -> dict[int, Figures]:
    """The figures of each region over the period's months (the campaign's whole span when None), from the tally
    rows: {region pk: Figures}, zeros for a region without any."""
    months = Q() if period is None else Q(month__gte=period.first, month__lte=period.last)
    out = {region.pk: Figures(region) for region in regions}
    sums = (
        CampaignTally.objects.filter(months, campaign=campaign, region__in=list(out))
        .values("region_id")
        .annotate(activities=Sum("activities"), hours=Sum("hours"), people_served=Sum("people_served"))
    )
    for row in sums:
        figures = out[row["region_id"]]
        figures.activities, figures.hours, figures.people_served = row["activities"], row["hours"], row["people_served"]
    served = (
        CampaignVolunteer.objects.filter(months, campaign=campaign, region__in=list(out))
        .values("region_id")
        .annotate(n=Count("volunteer", distinct=True))
    )
    for row in served:
        out[row["region_id"]].volunteers = row["n"]
    return out


def campaign_by_month(campaign: Campaign, region: Region, period: Period) -> list[tuple[datetime.date, Figures]]:
    """The region's figures month by month over the period (each month's volunteers distinct within it)."""
    months = {month: Figures(region) for month in period.months()}
    for row in CampaignTally.objects.filter(campaign=campaign, region=region, month__in=list(months)):
        figures = months[row.month]
        figures.activities, figures.hours, figures.people_served = row.activities, row.hours, row.people_served
    served = (
        CampaignVolunteer.objects.filter(campaign=campaign, region=region, month__in=list(months))
        .values("month")
        .annotate(n=Count("volunteer", distinct=True))
    )
    for row in served:
        months[row["month"]].volunteers = row["n"]
    return list(months.items())


def campaign_tallied_below(campaign: Campaign, region: Region) -> list[Region]:
    """The regions just below `region` that have a tally row in any month of the campaign."""
    ids = CampaignTally.objects.filter(campaign=campaign, region__parent=region).values("region_id")
    return list(Region.objects.filter(pk__in=ids).order_by("path"))


def campaign_live(campaign: Campaign, region: Region, period: Period | None = None) -> dict:
    """The figures of one region over the period (the campaign's whole span when None), computed live with
    database aggregates (for the test)."""
    links = CampaignActivity.objects.filter(campaign=campaign, activity__region__path__startswith=region.path)
    entries = entries_of(campaign).filter(where__startswith=region.path)
    if period is not None:
        start = timezone.make_aware(datetime.datetime.combine(period.first, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(period.end(), datetime.time.max))
        links = links.filter(activity__starts_at__range=(start, end))
        entries = entries.filter(on__range=(period.first, period.end()))
    linked = links.aggregate(activities=Count("pk"), people_served=Sum("people_served"))
    worked = entries.aggregate(hours=Sum("hours"), volunteers=Count("volunteer", distinct=True))
    return {
        "activities": linked["activities"],
        "people_served": linked["people_served"] or 0,
        "hours": worked["hours"] or Decimal(0),
        "volunteers": worked["volunteers"],
    }
