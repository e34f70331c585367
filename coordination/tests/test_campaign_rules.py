"""A campaign's links: planning twice is answered once, only published activities are planned, people served
are reported once the activity has begun and the report names who made it; the dashboard's ?region= opens
only regions of one's areas (and the way down to them)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination import services
from coordination.models import CampaignActivity
from coordination.services import CoordinationError
from coordination.tally import campaign_tally_refresh
from coordination.tests.conftest import make_activity


def test_planning_an_activity_twice_is_answered_once_with_a_message(coord, world, login):
    there = make_activity(world, title="再次探访")
    link = services.campaign_link(campaign=coord.campaign, activity=there, by=world.county_admin, people_served=3)
    again = services.campaign_link(campaign=coord.campaign, activity=there, by=world.county_admin, people_served=9)
    assert again.pk == link.pk and CampaignActivity.objects.get(activity=there).people_served == 3
    other = make_activity(world, title="双击提交")
    client = login(world.county_admin)
    url = reverse("coordination:campaign_link", args=[coord.campaign.pk])
    for _twice in range(2):
        answer = client.post(url, {"activity": other.pk, "people_served": 2}, follow=True)
        assert answer.status_code == 200
    assert "该活动已纳入本行动" in answer.content.decode()
    assert CampaignActivity.objects.filter(activity=other).count() == 1


def test_a_draft_or_cancelled_activity_is_not_planned_under_a_campaign(coord, world, login):
    for status in ("draft", "cancelled"):
        activity = make_activity(world, title=f"未发布{status}")
        activity.status = status
        activity.save(update_fields=["status"])
        with pytest.raises(CoordinationError, match="只有已发布的活动"):
            services.campaign_link(campaign=coord.campaign, activity=activity, by=world.county_admin)
        page = login(world.county_admin).get(reverse("coordination:campaign", args=[coord.campaign.pk]))
        assert f"未发布{status}" not in page.content.decode()


def test_people_served_are_reported_once_the_activity_began_and_the_report_is_recorded(coord, world):
    coming = make_activity(world, title="下周探访", days_ago=-5)
    with pytest.raises(CoordinationError, match="活动开始后"):
        services.campaign_link(campaign=coord.campaign, activity=coming, by=world.county_admin, people_served=4)
    link = services.campaign_link(campaign=coord.campaign, activity=coming, by=world.county_admin)
    with pytest.raises(CoordinationError, match="活动开始后"):
        services.people_served_report(link=link, people_served=4, by=world.county_admin)
    done = coord.campaign.links.get(activity=coord.activity)
    before = timezone.now()
    services.people_served_report(link=done, people_served=15, by=world.team_leader)
    done.refresh_from_db()
    assert done.people_served == 15 and done.served_reported_by == world.team_leader
    assert done.served_reported_at >= before - datetime.timedelta(seconds=1)


def test_the_dashboard_opens_only_regions_of_one_s_areas_and_the_way_down(coord, world, second_county, login):  # noqa: F811
    county, _community, admin, _team, _leader = second_county
    services.campaign_join(campaign=coord.campaign, region=county, plan="", by=admin)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    client = login(world.county_admin)
    for code in ("150000", "150500", world.county.code, world.community.code):
        assert client.get(url, {"region": code}).status_code == 200, code
    assert client.get(url, {"region": county.code}).status_code == 404
    page = client.get(url, {"region": "150500"}).content.decode()
    assert f'href="?region={county.code}"' not in page and f'href="?region={world.county.code}"' in page
    for who in (coord.admin, coord.liaison):
        assert login(who).get(url, {"region": county.code}).status_code == 200


def test_the_campaign_shows_hours_as_people_write_them(coord, world, login):
    from coordination.tests.test_campaign import attend

    attend(coord.activity, [world.volunteer, world.other_volunteer], world.team_leader, [2, 1.5])
    campaign_tally_refresh(coord.campaign)
    page = login(coord.admin).get(reverse("coordination:campaign", args=[coord.campaign.pk])).content.decode()
    total = page[page.index('data-testid="total"') : page.index("</table>", page.index('data-testid="total"'))]
    assert "3.5 小时" in total and "50 小时" in total and ".00" not in total
