from django.urls import reverse

from qianniu.tests.pages import walk
from resources.models import Resource, ResourceUse

ROW = r'href="/resources/(\d+)/"'


def test_the_resource_list_pages_through_every_resource(world, login):
    Resource.objects.bulk_create(
        Resource(provider=world.department, kind="haircut", name=f"资源{n:03d}", area=world.county) for n in range(320)
    )
    ids, totals, queries = walk(login(world.county_admin), reverse("resources:list"), ROW)
    assert len(set(ids)) == len(ids) == 320  # 300 before
    assert any("320" in total for total in totals)
    assert walk(login(world.outsider), reverse("resources:list"), ROW)[0] == []


def test_what_a_resource_served_pages_through_every_use(world, login):
    resource = Resource.objects.create(provider=world.department, kind="haircut", name="爱心义剪", area=world.county)
    ResourceUse.objects.bulk_create(ResourceUse(resource=resource, note=f"第{n}次") for n in range(130))
    url = reverse("resources:detail", args=[resource.pk])
    ids, totals, _ = walk(login(world.county_admin), url, r"第(\d+)次")
    assert sorted(map(int, ids)) == list(range(130))  # 100 before
    assert any("130" in total for total in totals)
    assert login(world.outsider).get(url).status_code == 404
