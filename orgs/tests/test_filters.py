from django.urls import reverse

from orgs.models import Kind
from qianniu.tests import factories as f


def test_the_team_list_filters_by_area_and_name(world, login):
    client = login(world.county_admin)
    body = client.get(reverse("orgs:team_list"), {"region": world.community.pk}).content.decode()
    assert "团结社区牵牛花志愿服务队" in body and "宝龙山青春行志愿服务队" not in body
    body = client.get(reverse("orgs:team_list"), {"q": "青春"}).content.decode()
    assert "宝龙山青春行志愿服务队" in body and "团结社区牵牛花志愿服务队" not in body
    body = client.get(reverse("orgs:team_list"), {"kind": "department"}).content.decode()
    assert "团结社区牵牛花志愿服务队" in body  # teams have no kind to filter by


def test_the_organisation_list_filters_by_kind(world, login):
    client = login(world.county_admin)
    assert "科左中旗民政局" in client.get(reverse("orgs:list"), {"kind": "department"}).content.decode()
    f.OrganisationFactory(kind=Kind.AGENCY, name="旗社工服务中心", region=world.county)
    agencies = client.get(reverse("orgs:list"), {"kind": "agency"}).content.decode()
    assert "旗社工服务中心" in agencies and "科左中旗民政局" not in agencies


def test_a_region_outside_the_user_s_areas_is_not_found(world, login):
    client = login(world.county_admin)
    for name in ("orgs:team_list", "orgs:list"):
        for region in (world.foreign_community.pk, "x"):
            assert client.get(reverse(name), {"region": region}).status_code == 404, (name, region)
    body = login(world.outsider).get(reverse("orgs:team_list"), {"region": world.foreign_community.pk})
    assert "龙广益家志愿服务队" in body.content.decode()
