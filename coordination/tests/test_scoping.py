"""Every page of a group answers 404 to another province's admin, and is shown to the group's region and the
areas below it; only the group's region's admins change it."""

import pytest
from django.urls import reverse

from coordination.models import CoordinationGroup, GroupMember


def pages(coord):
    g, m, i, c = coord.group.pk, coord.meeting.pk, coord.item.pk, coord.campaign.pk
    return [
        reverse("coordination:group", args=[g]),
        reverse("coordination:meeting", args=[m]),
        reverse("coordination:item", args=[i]),
        reverse("coordination:campaign", args=[c]),
        reverse("coordination:campaign", args=[c]) + "?region=150521",
    ]


def posts(coord):
    g, i, c = coord.group.pk, coord.item.pk, coord.campaign.pk
    member = GroupMember.objects.filter(group=coord.group).first().pk
    link = coord.campaign.links.get().pk
    return [
        (reverse("coordination:member_add", args=[g]), {"organisation": coord.owner.pk, "role": "member"}),
        (reverse("coordination:member_remove", args=[g, member]), {}),
        (reverse("coordination:office", args=[g]), {"organisation": coord.owner.pk}),
        (reverse("coordination:meeting_new", args=[g]), {}),
        (reverse("coordination:campaign_new", args=[g]), {}),
        (reverse("coordination:item_step", args=[i, "progress"]), {"note": "x"}),
        (reverse("coordination:item_step", args=[i, "report"]), {"note": "x"}),
        (reverse("coordination:campaign_join", args=[c]), {"region": 1, "plan": "x"}),
        (reverse("coordination:campaign_link", args=[c]), {"activity": coord.activity.pk, "people_served": 1}),
        (reverse("coordination:people_served", args=[c, link]), {"people_served": 99}),
    ]


def test_another_provinces_admin_gets_404_on_every_page_and_step(coord, login):
    client = login(coord.other_province_admin)
    for url in pages(coord) + [reverse("coordination:meeting_new", args=[coord.group.pk])]:
        assert client.get(url).status_code == 404, url
    for url, data in posts(coord):
        assert client.post(url, data).status_code == 404, url
    assert coord.campaign.links.get().people_served == 12
    assert GroupMember.objects.filter(group=coord.group).count() == 2
    listed = client.get(reverse("coordination:list"))
    assert "内蒙古志愿服务工作协调小组" not in listed.content.decode()


@pytest.mark.parametrize("who", ["admin", "county_admin", "social_worker", "liaison"])
def test_the_group_is_shown_to_its_region_the_areas_below_and_member_units(coord, world, login, who):
    user = getattr(world, who, None) if who != "liaison" else coord.liaison
    user = user or getattr(coord, who)
    client = login(user)
    for url in pages(coord):
        assert client.get(url).status_code == 200, url
    assert "内蒙古志愿服务工作协调小组" in client.get(reverse("coordination:list")).content.decode()


def test_a_county_admin_below_sees_the_group_but_does_not_manage_it(coord, world, login):
    client = login(world.county_admin)
    assert client.get(reverse("coordination:meeting_new", args=[coord.group.pk])).status_code == 403
    assert client.post(reverse("coordination:office", args=[coord.group.pk]), {}).status_code == 403
    client = login(coord.admin)
    assert client.get(reverse("coordination:meeting_new", args=[coord.group.pk])).status_code == 200


def test_a_neighbouring_countys_admin_does_not_see_a_county_group(coord, world, login):
    from coordination import services

    group = services.group_create(region=world.county, name="科左中旗志愿服务协调小组", by=world.county_admin)
    assert CoordinationGroup.objects.visible_to(coord.admin).filter(pk=group.pk).exists()  # the province above
    assert login(world.outsider).get(group.get_absolute_url()).status_code == 404
    assert login(coord.admin).get(group.get_absolute_url()).status_code == 200
