"""Launching a region-wide campaign from the group's page: the form, the campaign it makes and the page it leads to;
dates in the wrong order are refused with the reason, and only the group's region's admins launch one."""

import datetime

from django.urls import reverse
from django.utils import timezone

from coordination.models import Campaign


def _form(**changes):
    today = timezone.localdate()
    data = {
        "title": "志愿北疆·助老暖冬",
        "description": "全区各盟市、旗县区开展助老志愿服务",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=60)).isoformat(),
        "target_volunteers": "5000",
        "target_hours": "20000",
        "target_people_served": "8000",
    }
    return {**data, **changes}


def test_the_group_s_admin_launches_a_campaign_and_lands_on_its_page(coord, login):
    client = login(coord.admin)
    url = reverse("coordination:campaign_new", args=[coord.group.pk])
    group_page = client.get(coord.group.get_absolute_url()).content.decode()
    assert url in group_page  # the group's page offers the launch
    form = client.get(url)
    assert form.status_code == 200 and 'name="target_people_served"' in form.content.decode()

    response = client.post(url, _form())
    campaign = Campaign.objects.get(title="志愿北疆·助老暖冬")
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    today = timezone.localdate()
    assert (campaign.group, campaign.created_by) == (coord.group, coord.admin)
    assert (campaign.starts_on, campaign.ends_on) == (today, today + datetime.timedelta(days=60))
    assert (campaign.target_volunteers, campaign.target_hours, campaign.target_people_served) == (5000, 20000, 8000)
    assert campaign.description == "全区各盟市、旗县区开展助老志愿服务"
    page = client.get(response.url)
    assert page.status_code == 200 and "志愿北疆·助老暖冬" in page.content.decode()
    assert "志愿北疆·助老暖冬" in client.get(coord.group.get_absolute_url()).content.decode()


def test_a_campaign_that_ends_before_it_starts_is_refused_with_the_reason(coord, login):
    client = login(coord.admin)
    today = timezone.localdate()
    ends = (today - datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("coordination:campaign_new", args=[coord.group.pk]), _form(ends_on=ends))
    assert response.status_code == 200
    assert "行动的结束日期早于开始日期。" in response.content.decode()
    assert not Campaign.objects.filter(title="志愿北疆·助老暖冬").exists()


def test_an_admin_below_the_group_s_region_launches_none(coord, world, login):
    client = login(world.county_admin)  # sees the province's group, does not manage it
    response = client.post(reverse("coordination:campaign_new", args=[coord.group.pk]), _form())
    assert response.status_code == 403  # may see the group, may not change it
    assert not Campaign.objects.filter(title="志愿北疆·助老暖冬").exists()
