"""The campaign dashboard's period selector: the tally by month gives every figure of a month, a quarter, a year or
a custom span equal to the live computation over random records (volunteers counted once over the span, not
summed over its months); the period is cut to the campaign's dates, a forged one answers 404, a month not read
falls back and says so."""

import datetime
import json
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination import services
from coordination.tally import campaign_by_month, campaign_figures, campaign_live, campaign_months
from coordination.tests.conftest import make_activity
from coordination.tests.test_campaign import attend
from core.periods import Period, period_from
from ledger.services import correction_decide, correction_request
from qianniu.tests import factories as f
from regions.models import Region

FIGURES = ("activities", "volunteers", "hours", "people_served")


@pytest.fixture
def long_campaign(coord, world, second_county):
    """A campaign of eight months joined by two counties, with random activities, attendance and a correction."""
    county, community, admin, team, leader = second_county
    today = timezone.localdate()
    campaign = services.campaign_launch(
        group=coord.group, title="四季同行", description="", starts_on=today - datetime.timedelta(days=240),
        ends_on=today + datetime.timedelta(days=10), target_volunteers=20, target_hours=300, target_people_served=200,
        by=coord.admin,
    )  # fmt: skip
    services.campaign_join(campaign=campaign, region=world.county, plan="", by=world.county_admin)
    services.campaign_join(campaign=campaign, region=county, plan="", by=admin)
    rng = random.Random(1616)
    here = [world.volunteer, world.other_volunteer, *(f.volunteer(region=world.community) for _ in range(3))]
    there = [leader, *(f.volunteer(region=community) for _ in range(3))]
    for n, days_ago in enumerate(sorted(rng.sample(range(1, 236), 16))):  # distinct days: no overlap
        ours = rng.random() < 0.6
        activity = make_activity(
            world, title=f"活动{n}", days_ago=days_ago, **({} if ours else {"region": community, "team": team})
        )
        if not ours:
            activity.lead = leader.user
            activity.save(update_fields=["lead"])
        by = world.county_admin if ours else admin
        services.campaign_link(campaign=campaign, activity=activity, by=by, people_served=rng.randint(0, 20))
        pool = here + there[:1] if ours else there + here[:1]  # some volunteers serve in both counties
        volunteers = rng.sample(pool, rng.randint(1, 4))
        hours = [rng.choice([1, 1.5, 2, 3]) for _ in volunteers]
        attend(activity, volunteers, world.team_leader if ours else leader.user, hours)
    entry = world.volunteer.ledger.filter(attendance__activity__campaign_link__campaign=campaign).first()
    if entry is not None:
        request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("0.5"), reason="少记")
        correction_decide(request=request, by=world.county_admin, accept=True)
    attend(make_activity(world, title="行动外", days_ago=300), [world.volunteer], world.team_leader, [2])
    return campaign, [coord.province, Region.objects.get(code="150500"), world.county, county]


def _periods(campaign, today):
    """Every month, quarter and year of the campaign, and custom spans, as the selector reads them."""
    months = [m.strftime("%Y-%m") for m in campaign_months(campaign).months() if m <= today]
    params = [{"period": kind, "at": at} for kind in ("month", "quarter", "year") for at in months]
    params += [{"period": "custom", "from": months[1], "to": months[-2]}, {"period": "custom", "from": months[2]}]
    return {period_from(p, today)[1] for p in params}


def test_every_period_s_figures_equal_the_live_computation(long_campaign):
    campaign, regions = long_campaign
    services.campaign_tally_refresh(campaign)
    today = timezone.localdate()
    distinct_mattered = False
    for period in _periods(campaign, today):
        tallied = campaign_figures(campaign, regions, period)
        for region in regions:
            got = {name: getattr(tallied[region.pk], name) for name in FIGURES}
            assert got == campaign_live(campaign, region, period), (period, region.code)
        months = campaign_by_month(campaign, regions[0], period)
        assert sum(figures.hours for _m, figures in months) == tallied[regions[0].pk].hours
        distinct_mattered |= sum(figures.volunteers for _m, figures in months) > tallied[regions[0].pk].volunteers
    assert distinct_mattered  # a volunteer who served in two months of a quarter counts once
    whole = campaign_figures(campaign, regions)[regions[0].pk]
    assert whole.activities == 16 and whole.volunteers > 4


def _charts(html):
    return json.loads(re.search(r'<script id="stats-charts" type="application/json">(.*?)</script>', html).group(1))


def test_the_dashboard_shows_a_quarter_and_its_counties_and_activities(long_campaign, coord, login):
    campaign, regions = long_campaign
    services.campaign_tally_refresh(campaign)
    today = timezone.localdate()
    at = campaign.starts_on + datetime.timedelta(days=100)  # a quarter wholly within the campaign
    params = {"period": "quarter", "at": f"{at:%Y-%m}"}
    period = period_from(params, today)[1]
    client = login(coord.admin)
    url = reverse("coordination:campaign", args=[campaign.pk])
    html = client.get(url, {**params, "region": "150500"}).content.decode()
    charts = _charts(html)
    series = [s["values"] for s in charts["regions"]["series"]]
    assert len(charts["regions"]["labels"]) == 2  # the two counties
    for label, *values in zip(charts["regions"]["labels"], *series, strict=True):
        region = next(r for r in regions if r.name == label)
        live = campaign_live(campaign, region, period)
        assert values == [float(live[name]) for name in FIGURES], label
    assert f"period=quarter&amp;at={params['at']}" in html  # the drill-down keeps the period
    assert f'id="from" name="from" value="{period.first:%Y-%m}" min="{campaign_months(campaign).first:%Y-%m}"' in html
    county = client.get(url, {**params, "region": regions[2].code}).content.decode()
    total = county[county.index('data-testid="total"') :]
    assert "本期间" in total[: total.index("</table>")] and "目前完成" not in total  # a quarter, not "so far"
    listed = county[county.index('data-testid="links"') :]
    listed = listed[: listed.index("</table>")]
    assert (
        listed.count('<tr><td><a href="') == campaign_live(campaign, regions[2], period)["activities"]
    )  # the list behind


def test_the_period_is_cut_to_the_campaign_and_a_forged_one_is_not_found(coord, world, login):
    attend(coord.activity, [world.volunteer], world.team_leader, [2])
    services.campaign_tally_refresh(coord.campaign)
    client = login(coord.admin)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    this_month = timezone.localdate().replace(day=1)
    span = campaign_months(coord.campaign)
    html = client.get(url, {"period": "year"}).content.decode()  # this year, within the campaign's months
    year = Period(max(this_month.replace(month=1), span.first), min(this_month.replace(month=12), span.last))
    assert f'id="from" name="from" value="{year.first:%Y-%m}"' in html
    assert f'id="to" name="to" value="{year.last:%Y-%m}"' in html
    assert client.get(url, {"period": "month", "at": "2001-03"}).status_code == 404  # before the campaign
    assert client.get(url, {"period": "custom", "from": "1999-01", "to": "2000-12"}).status_code == 404
    for bad, why in (("abc", "不是有效的月份"), ("2026-13", "不是有效的月份"), ("9999-12", "尚未到来")):
        answer = client.get(url, {"period": "month", "at": bad})  # not read: this month, or the campaign's
        html = answer.content.decode()
        assert answer.status_code == 200 and why in html and bad in html, bad
        for field in ("at", "from", "to"):  # the campaign runs this month: this month, all three fields
            assert f'id="{field}" name="{field}" value="{this_month:%Y-%m}"' in html, (bad, field)
    other = login(coord.other_province_admin)
    assert other.get(url, {"period": "month", "at": f"{this_month:%Y-%m}"}).status_code == 404
    assert login(world.outsider).get(url, {"period": "year", "region": world.county.code}).status_code == 404
