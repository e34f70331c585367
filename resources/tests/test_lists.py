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


def test_a_page_of_resources_costs_the_same_queries_however_many_have_a_capacity(world, login):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    last_year = today - datetime.timedelta(days=400)

    def add(n):
        for i in range(n):
            resource = Resource.objects.create(provider=world.department, kind="haircut", name=f"剪{i}",
                                               area=world.county, capacity=10, unit="次")  # fmt: skip
            ResourceUse.objects.bulk_create(
                [
                    ResourceUse(resource=resource, quantity=3, used_on=today),
                    ResourceUse(resource=resource, quantity=4, used_on=last_year),
                ]
            )

    client = login(world.county_admin)
    add(2)
    _, _, few = walk(client, reverse("resources:list"), ROW)
    body = client.get(reverse("resources:list")).content.decode()
    assert body.count("7 / 10 次") == 2  # this month's 3 counted, last year's 4 not
    add(45)
    _, _, many = walk(client, reverse("resources:list"), ROW)
    assert client.get(reverse("resources:list")).content.decode().count("7 / 10 次") == 47
    assert few == many
