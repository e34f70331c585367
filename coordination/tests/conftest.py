"""A coordination group of 内蒙古自治区 over the shared world: two member departments, a meeting with one
supervised item, a campaign joined by 科左中旗 with one activity; and the admin of another province. A second
county of the same city (科左后旗) with its admin, a community, a team and its leader."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from activities.models import Activity
from coordination import services
from coordination.models import Campaign, CoordinationGroup, Meeting, SupervisedItem
from orgs.models import Department, Kind
from people.models import Role
from qianniu.tests import factories as f
from regions.models import Level, Region


@dataclass
class Coord:
    province: Region
    admin: object
    deputy_admin: object
    other_province_admin: object
    owner: object
    liaison: object
    group: CoordinationGroup
    meeting: Meeting
    item: SupervisedItem
    campaign: Campaign
    activity: Activity


def make_activity(world, *, title="冬日关爱", region=None, team=None, days_ago=2):
    start = timezone.now() - datetime.timedelta(days=days_ago, hours=4)
    return Activity.objects.create(
        title=title, content="x", organiser=team or world.team, lead=world.team_leader,
        region=region or world.community, place="x", starts_at=start, ends_at=start + datetime.timedelta(hours=3),
        quota=10, status="published",
    )  # fmt: skip


@pytest.fixture
def coord(world) -> Coord:
    province = Region.objects.get(code="150000")
    admin = f.UserFactory(name="其其格")
    f.grant(admin, Role.REGION_ADMIN, region=province)
    deputy_admin = f.UserFactory(name="巴特尔")
    f.grant(deputy_admin, Role.REGION_ADMIN, region=province)
    other = f.UserFactory(name="赵敏")
    f.grant(other, Role.REGION_ADMIN, region=Region.objects.get(code="620000"))
    for user in (admin, deputy_admin, other):
        f.authenticator(user)
    propaganda = f.OrganisationFactory(kind=Kind.PARTY_COMMITTEE, name="自治区党委宣传部", region=province)
    owner = f.OrganisationFactory(
        kind=Kind.DEPARTMENT, department=Department.CIVIL_AFFAIRS, name="自治区民政厅", region=province
    )
    liaison = f.UserFactory(name="高娃")
    f.grant(liaison, Role.DEPARTMENT_LIAISON, organisation=owner)
    group = services.group_create(region=province, name="内蒙古志愿服务工作协调小组", by=admin)
    services.member_add(group=group, organisation=propaganda, role="convenor", representative="部长", by=admin)
    services.member_add(group=group, organisation=owner, role="deputy", representative="厅长", by=admin)
    today = timezone.localdate()
    meeting = services.meeting_record(
        group=group, title="第一次全体会议", held_on=today - datetime.timedelta(days=10),
        attendees=[propaganda, owner], minutes="部署冬季行动",
        decisions=[("制定社区志愿服务站点建设指引", owner, today + datetime.timedelta(days=5))], by=admin,
    )  # fmt: skip
    campaign = services.campaign_launch(
        group=group, title="温暖北疆", description="", starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=20), target_volunteers=10, target_hours=50, target_people_served=100,
        by=admin,
    )  # fmt: skip
    services.campaign_join(campaign=campaign, region=world.county, plan="社区关爱", by=world.county_admin)
    activity = make_activity(world)
    services.campaign_link(campaign=campaign, activity=activity, by=world.county_admin, people_served=12)
    return Coord(
        province=province, admin=admin, deputy_admin=deputy_admin, other_province_admin=other, owner=owner,
        liaison=liaison, group=group, meeting=meeting, item=meeting.items.get(), campaign=campaign, activity=activity,
    )  # fmt: skip


@pytest.fixture
def second_county(world):
    city = Region.objects.get(code="150500")
    county = f.region("150522", "科尔沁左翼后旗", Level.COUNTY, city)
    township = f.region("150522100000", "甘旗卡镇", Level.TOWNSHIP, county)
    community = f.region("150522100001", "振兴社区", Level.COMMUNITY, township)
    admin = f.UserFactory(name="吉日嘎拉")
    f.grant(admin, Role.REGION_ADMIN, region=county)
    team = f.OrganisationFactory(kind=Kind.TEAM, name="振兴社区志愿服务队", region=community)
    leader = f.volunteer(name="白音", region=community)
    f.member(team, leader, leader=True)
    return county, community, admin, team, leader
