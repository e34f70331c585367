import datetime

from django.urls import reverse

from projects.models import Project
from qianniu.tests.pages import walk
from resources.models import Resource


def _projects(world, n, region=None):
    Project.objects.bulk_create(
        Project(name=f"项目{i}号", region=region or world.community, owner=world.team, lead=world.social_worker,
                method="group", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2099, 12, 31))
        for i in range(n)
    )  # fmt: skip


def test_the_project_list_pages_through_every_project(world, login):
    _projects(world, 53)
    ids, totals, _ = walk(login(world.social_worker), reverse("projects:list"), r'<div class="fw-semibold">项目(\d+)号')
    assert sorted(map(int, ids)) == list(range(53))
    assert any("53" in t for t in totals)
    assert walk(login(world.outsider), reverse("projects:list"), r'<div class="fw-semibold">项目(\d+)号')[0] == []


def test_the_published_lists_page_through_every_service_and_resource(world, client):
    _projects(world, 52)
    _projects(world, 3, region=world.foreign_community)
    Resource.objects.bulk_create(
        Resource(provider=world.department, kind="haircut", name=f"资源{i}号", area=world.county) for i in range(51)
    )
    url = reverse("projects:published", args=[world.community.code])
    services, totals, _ = walk(client, url, r'<h3 class="h5">项目(\d+)号', prefix="projects_")
    assert sorted(map(int, services)) == list(range(52))  # none of the other county's three
    assert any("52" in t for t in totals)
    resources, totals, _ = walk(client, url, r"<tr><td[^>]*>资源(\d+)号", prefix="resources_")
    assert sorted(map(int, resources)) == list(range(51))
    assert any("51" in t for t in totals)
