"""The group's own pages: setting one up, adding and removing member units, naming its office."""

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import CoordinationGroup, GroupMember
from coordination.services import CoordinationError
from orgs.models import Kind
from qianniu.tests import factories as f


def test_a_county_admin_sets_up_a_group_of_the_county_and_not_of_the_province(coord, world, login):
    client = login(world.county_admin)
    url = reverse("coordination:list")
    client.post(url, {"region": coord.province.pk, "name": "越权小组"})
    assert not CoordinationGroup.objects.filter(name="越权小组").exists()
    response = client.post(url, {"region": world.county.pk, "name": "科左中旗志愿服务协调小组"})
    group = CoordinationGroup.objects.get(name="科左中旗志愿服务协调小组")
    assert response.url == group.get_absolute_url() and group.region == world.county


def test_member_units_are_added_removed_and_one_is_the_office(coord, world, login):
    client = login(coord.admin)
    unit = f.OrganisationFactory(kind=Kind.UNIT, name="自治区总工会", region=coord.province)
    client.post(reverse("coordination:member_add", args=[coord.group.pk]), {"organisation": unit.pk, "role": "member"})
    member = GroupMember.objects.get(group=coord.group, organisation=unit)
    page = client.get(coord.group.get_absolute_url()).content.decode()
    assert "自治区总工会" in page and "3 个成员单位" in page
    client.post(reverse("coordination:office", args=[coord.group.pk]), {"organisation": unit.pk})
    coord.group.refresh_from_db()
    assert coord.group.office == unit
    client.post(reverse("coordination:member_remove", args=[coord.group.pk, member.pk]))
    assert not GroupMember.objects.filter(pk=member.pk).exists()


def test_a_team_or_a_unit_of_another_province_is_no_member(coord, world):
    with pytest.raises(CoordinationError, match="成员单位须为小组所在地区或其下级地区的部门或组织"):
        services.member_add(
            group=coord.group, organisation=world.team, role="member", representative="", by=coord.admin
        )
    foreign = f.OrganisationFactory(kind=Kind.UNIT, name="金昌市总工会", region=world.foreign_county)
    with pytest.raises(CoordinationError, match="成员单位须为小组所在地区或其下级地区的部门或组织"):
        services.member_add(group=coord.group, organisation=foreign, role="member", representative="", by=coord.admin)
    with pytest.raises(CoordinationError, match="该单位已是成员单位，或小组已有召集人单位"):
        services.member_add(
            group=coord.group, organisation=world.department, role="convenor", representative="", by=coord.admin
        )
    assert coord.group.members.count() == 2


def test_a_unit_owning_open_items_stays_a_member(coord):
    member = coord.group.members.get(organisation=coord.owner)
    with pytest.raises(CoordinationError, match="该单位仍有未办结的督办事项"):
        services.member_remove(member=member, by=coord.admin)
    assert coord.group.members.filter(pk=member.pk).exists()


def test_a_department_liaison_finds_coordination_in_the_menu(coord, world, login):
    link = f'href="{reverse("coordination:list")}"'
    for user in (world.liaison, coord.liaison, world.county_admin):
        assert link in login(user).get(reverse("home")).content.decode(), user
    assert link not in login(world.volunteer.user).get(reverse("home")).content.decode()
