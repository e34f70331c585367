import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from dictionaries.models import Skill


def _names(client, name, **params):
    return client.get(reverse(name), params).content.decode()


def test_the_volunteer_list_filters_by_area_kind_status_and_skill(world, login):
    client = login(world.county_admin)
    body = _names(client, "people:volunteer_list", region=world.community.pk)
    assert "张三" in body and "李四" not in body
    body = _names(client, "people:volunteer_list", region=world.other_community.pk)
    assert "李四" in body and "张三" not in body
    body = _names(client, "people:volunteer_list", q="zs")
    assert "张三" in body and "李四" not in body
    world.other_volunteer.skills.add(Skill.objects.get(code="haircut"))
    body = _names(client, "people:volunteer_list", skill="haircut")
    assert "李四" in body and "张三" not in body  # only who has the skill
    body = _names(client, "people:volunteer_list", kind="nonsense", status="nonsense")
    assert "张三" in body and "李四" in body  # an unknown value filters nothing


def test_a_region_outside_the_user_s_areas_is_not_found(world, login):
    for name, foreign in (("people:volunteer_list", "张山"), ("people:recipient_list", "张桂兰")):
        client = login(world.county_admin)
        for region in (world.foreign_community.pk, "x"):
            assert client.get(reverse(name), {"region": region}).status_code == 404, (name, region)
        assert client.get(reverse(name), {"region": ""}).status_code == 200  # the form's "every region"
        assert foreign in _names(login(world.outsider), name, region=world.foreign_community.pk)


def test_the_recipient_list_filters_by_area(world, login):
    client = login(world.county_admin)
    body = _names(client, "people:recipient_list", region=world.community.pk)
    assert "韩桂兰" in body and "包金花" not in body


def _served(world, volunteer, days_ago, kind="service"):
    from ledger.services import entry_append

    return entry_append(
        volunteer=volunteer, kind=kind, by=world.county_admin, activity_name="上门探访",
        on=timezone.localdate() - datetime.timedelta(days=days_ago), place="团结社区", content="陪伴聊天",
        hours=Decimal(2), organiser="团结社区牵牛花志愿服务队", lead="吴乌兰",
    )  # fmt: skip


def test_active_90_lists_the_volunteers_with_service_hours_in_the_last_90_days(world, login):
    client = login(world.county_admin)
    _served(world, world.other_volunteer, 90)  # the 91st day back: no longer active
    body = _names(client, "people:volunteer_list", active="90")
    assert "张三" not in body and "李四" not in body
    _served(world, world.volunteer, 89)
    body = _names(client, "people:volunteer_list", active="90")
    assert "张三" in body and "李四" not in body
    body = _names(client, "people:volunteer_list", active="90", region=world.other_community.pk)
    assert "张三" not in body  # with the area filter too
    assert "张三" in _names(client, "people:volunteer_list", active="90", region=world.community.pk)


def test_active_90_keeps_the_scope(world, login):
    _served(world, world.foreign_volunteer, 1)
    assert "张山" in _names(login(world.outsider), "people:volunteer_list", active="90")
    body = _names(login(world.county_admin), "people:volunteer_list", active="90")
    assert "张山" not in body
