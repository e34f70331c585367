"""A campaign: regions below join it, their activities are planned under it, and its dashboard's tally equals
the live computation over the linked activities' ledger entries, corrections included."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from coordination import services
from coordination.models import CampaignTally
from coordination.services import CoordinationError
from coordination.tally import campaign_figures, campaign_live, campaign_tally_refresh
from coordination.tests.conftest import make_activity
from ledger.services import correction_decide, correction_request
from qianniu.tests import factories as f
from regions.models import Region


def tallied(campaign, region=None):
    """The campaign's figures over its whole span: of `region`, or {code: figures} of every region tallied."""
    if region is not None:
        return campaign_figures(campaign, [region])[region.pk]
    regions = Region.objects.filter(pk__in=CampaignTally.objects.filter(campaign=campaign).values("region_id"))
    return {figures.region.code: figures for figures in campaign_figures(campaign, regions).values()}


def attend(activity, volunteers, by, hours):
    for volunteer, served in zip(volunteers, hours, strict=True):
        activities.attendance_mark(
            activity=activity, volunteer=volunteer, by=by, checked_in_at=activity.starts_at,
            checked_out_at=activity.starts_at + datetime.timedelta(hours=served),
        )  # fmt: skip


def test_the_tally_equals_the_live_computation_with_corrections(coord, world, second_county):
    county, community, admin, team, leader = second_county
    services.campaign_join(campaign=coord.campaign, region=county, plan="", by=admin)
    attend(coord.activity, [world.volunteer, world.other_volunteer], world.team_leader, [2, 3])
    # a volunteer of 科左中旗 serves in 科左后旗: the hours count where the activity took place
    # (on other days than the campaign's activity: a volunteer attends one activity at a time)
    there = make_activity(world, title="后旗探访", region=community, team=team, days_ago=3)
    there.lead = leader.user
    there.save(update_fields=["lead"])
    services.campaign_link(campaign=coord.campaign, activity=there, by=admin, people_served=8)
    attend(there, [world.volunteer, f.volunteer(name="乌兰", region=community)], leader.user, [1, 4])
    # an activity outside the campaign adds nothing
    attend(make_activity(world, title="不在行动内", days_ago=4), [world.volunteer], world.team_leader, [5])
    entry = world.volunteer.ledger.get(attendance__activity=coord.activity)
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("2.5"), reason="多服务半小时")
    correction_decide(request=request, by=world.county_admin, accept=True)

    campaign_tally_refresh(coord.campaign)
    tallies = tallied(coord.campaign)
    assert set(tallies) == {"150000", "150500", "150521", "150522"}
    for code, tally in tallies.items():
        live = campaign_live(coord.campaign, tally.region)
        got = {k: getattr(tally, k) for k in ("activities", "people_served", "hours", "volunteers")}
        assert got == live, code
    assert (tallies["150521"].hours, tallies["150521"].volunteers) == (Decimal("5.50"), 2)
    # 4 hours marked for a 3-hour activity count 3
    assert (tallies["150522"].hours, tallies["150522"].volunteers) == (Decimal("4.00"), 2)
    assert (tallies["150000"].hours, tallies["150000"].volunteers, tallies["150000"].people_served) == (
        Decimal("9.50"), 3, 20,
    )  # fmt: skip


def test_the_dashboard_drills_down_from_the_province_to_a_countys_activities(coord, world, login):
    attend(coord.activity, [world.volunteer], world.team_leader, [2])
    campaign_tally_refresh(coord.campaign)
    client = login(coord.admin)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    page = client.get(url).content.decode()
    assert "?region=150500" in page and "冬日关爱" not in page
    page = client.get(url + "?region=150500").content.decode()
    assert "?region=150521" in page
    page = client.get(url + "?region=150521").content.decode()
    assert "冬日关爱" in page and "2 小时" in page and "2.00" not in page
    assert client.get(url + "?region=620302").status_code == 404  # not below the campaign's region


def test_the_dashboard_charts_its_targets_and_regions_with_the_table_under_each(coord, world, login):
    attend(coord.activity, [world.volunteer], world.team_leader, [2])
    campaign_tally_refresh(coord.campaign)
    client = login(coord.admin)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    page = client.get(url).content.decode()
    charts = json.loads(re.search(r'<script id="stats-charts" type="application/json">(.*?)</script>', page).group(1))
    assert charts["targets"]["series"][1]["values"] == [1.0, 2.0, 12.0]  # so far: volunteers, hours, people served
    assert charts["regions"]["labels"] == ["通辽市"]
    assert charts["regions"]["series"][2]["values"] == [2.0]  # hours
    for key in ("targets", "regions"):
        assert f'data-chart="{key}"' in page and f'data-testid="table-{key}"' in page
    assert "vendor/echarts/echarts.min.js" in page and "stats/dashboard.js" in page
    assert "<script>" not in page  # no inline script: the CSP holds
    county = client.get(url + "?region=150521").content.decode()
    assert 'data-chart="months"' in county  # its months; nothing below, no target
    assert 'data-chart="targets"' not in county and 'data-chart="regions"' not in county


def test_a_campaign_is_joined_by_its_regions_admin_once(coord, world, second_county):
    county, _community, admin, _team, _leader = second_county
    with pytest.raises(CoordinationError, match="只有科尔沁左翼后旗的管理员可以代表其参加"):
        services.campaign_join(campaign=coord.campaign, region=county, plan="", by=world.county_admin)
    with pytest.raises(CoordinationError, match="该地区已参加本行动"):
        services.campaign_join(campaign=coord.campaign, region=world.county, plan="", by=world.county_admin)
    with pytest.raises(CoordinationError, match="只有行动所在地区内的市、县可以参加"):
        services.campaign_join(campaign=coord.campaign, region=world.foreign_county, plan="", by=world.outsider)
    assert services.campaign_join(campaign=coord.campaign, region=county, plan="", by=admin).region == county


def test_an_activity_is_planned_under_a_campaign_only_where_and_when_it_runs(coord, world, second_county):
    county, community, admin, team, _leader = second_county
    there = make_activity(world, title="后旗探访", region=community, team=team)
    with pytest.raises(CoordinationError, match="该活动所在地区尚未参加本行动"):
        services.campaign_link(campaign=coord.campaign, activity=there, by=admin)
    services.campaign_join(campaign=coord.campaign, region=county, plan="", by=admin)
    with pytest.raises(CoordinationError, match="您无权修改该活动"):
        services.campaign_link(campaign=coord.campaign, activity=there, by=world.county_admin)
    early = make_activity(world, title="太早", days_ago=40)
    with pytest.raises(CoordinationError, match="该活动不在本行动的起止日期内"):
        services.campaign_link(campaign=coord.campaign, activity=early, by=world.county_admin)
    other = services.campaign_launch(
        group=coord.group, title="另一行动", description="", starts_on=coord.campaign.starts_on,
        ends_on=coord.campaign.ends_on, target_volunteers=1, target_hours=1, target_people_served=1, by=coord.admin,
    )  # fmt: skip
    services.campaign_join(campaign=other, region=world.county, plan="", by=world.county_admin)
    with pytest.raises(CoordinationError, match="该活动已纳入一项行动"):
        services.campaign_link(campaign=other, activity=coord.activity, by=world.county_admin)
    assert services.campaign_link(campaign=coord.campaign, activity=there, by=admin).activity == there


def test_joining_and_planning_from_the_campaign_page(coord, world, second_county, login):
    county, community, admin, team, _leader = second_county
    client = login(admin)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    assert 'id="join"' in client.get(url).content.decode()
    client.post(reverse("coordination:campaign_join", args=[coord.campaign.pk]), {"region": county.pk, "plan": "x"})
    assert coord.campaign.participations.filter(region=county).exists()
    there = make_activity(world, title="后旗探访", region=community, team=team)
    page = client.get(url).content.decode()
    assert 'id="join"' not in page and 'id="link"' in page
    client.post(
        reverse("coordination:campaign_link", args=[coord.campaign.pk]), {"activity": there.pk, "people_served": 5}
    )
    assert there.campaign_link.people_served == 5
    assert tallied(coord.campaign, county).people_served == 5
    # the other county's admin does not change this one's figure
    link = there.campaign_link
    login(world.county_admin).post(
        reverse("coordination:people_served", args=[coord.campaign.pk, link.pk]), {"people_served": 500}
    )
    link.refresh_from_db()
    assert link.people_served == 5
    client = login(admin)
    client.post(reverse("coordination:people_served", args=[coord.campaign.pk, link.pk]), {"people_served": 7})
    link.refresh_from_db()
    assert link.people_served == 7


def test_a_stale_tally_is_refreshed_when_the_dashboard_is_read(coord, world, login):
    attend(coord.activity, [world.volunteer], world.team_leader, [3])
    coord.campaign.__class__.objects.filter(pk=coord.campaign.pk).update(
        tallied_at=timezone.now() - datetime.timedelta(hours=1)
    )
    login(coord.admin).get(reverse("coordination:campaign", args=[coord.campaign.pk]))
    assert tallied(coord.campaign, coord.province).hours == Decimal("3.00")


def test_a_campaign_not_yet_started_says_when_it_starts(coord, world, login):
    today = timezone.localdate()
    starts = today + datetime.timedelta(days=40)
    later = services.campaign_launch(
        group=coord.group, title="春风行动", description="", starts_on=starts,
        ends_on=starts + datetime.timedelta(days=30), target_volunteers=10, target_hours=50,
        target_people_served=100, by=coord.admin,
    )  # fmt: skip
    client = login(coord.admin)
    page = client.get(reverse("coordination:campaign", args=[later.pk])).content.decode()
    assert f"该行动于{starts.year}年{starts.month}月{starts.day}日开始" in page
    running = client.get(reverse("coordination:campaign", args=[coord.campaign.pk])).content.decode()
    assert "温暖北疆" in running and "开始，此前不计数" not in running
