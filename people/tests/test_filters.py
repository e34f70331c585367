from django.urls import reverse

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


def test_another_countys_region_shows_nothing_of_that_county(world, login):
    client = login(world.county_admin)
    for name, own, foreign in (
        ("people:volunteer_list", "张三", "张山"),
        ("people:recipient_list", "韩桂兰", "张桂兰"),
    ):
        body = _names(client, name, region=world.foreign_community.pk)
        assert foreign not in body
        assert own in body  # the region is not one of the user's: nothing is filtered
        assert foreign in _names(login(world.outsider), name, region=world.foreign_community.pk)
        client = login(world.county_admin)


def test_the_recipient_list_filters_by_area(world, login):
    client = login(world.county_admin)
    body = _names(client, "people:recipient_list", region=world.community.pk)
    assert "韩桂兰" in body and "包金花" not in body
