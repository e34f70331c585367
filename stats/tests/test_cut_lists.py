"""No list of the dashboards and reports is cut silently: the reports' regions are paged, and the dashboard's
projects section, when it shows the latest 30, links to all of them in the projects list."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from qianniu.tests import factories as f
from regions.models import Level
from stats import views
from stats.presentation import PROJECTS_SHOWN


def test_the_dashboard_links_to_all_projects_when_it_shows_the_latest_only(world, login):
    today = timezone.localdate()
    for n in range(PROJECTS_SHOWN + 2):
        Project.objects.create(
            name=f"项目{n:02d}", region=world.community, owner=world.team, lead=world.social_worker,
            method="group", starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=n),
        )  # fmt: skip
    Project.objects.create(
        name="早已结束", region=world.community, owner=world.team, lead=world.social_worker, method="group",
        starts_on=today - datetime.timedelta(days=900), ends_on=today - datetime.timedelta(days=800),
    )  # fmt: skip
    client = login(world.county_admin)
    html = client.get(reverse("stats:dashboard", args=[world.county.code]), {"period": "month"}).content.decode()
    assert f"查看全部 {PROJECTS_SHOWN + 2} 个" in html
    more = next(link for link in _links(html) if "running_from" in link)
    listed = client.get(more).content.decode()
    assert f"共 {PROJECTS_SHOWN + 2}" in listed or f"{PROJECTS_SHOWN + 2}" in listed
    assert "早已结束" not in listed and "项目00" in listed
    assert client.get(reverse("projects:list"), {"region": world.foreign_county.pk}).status_code == 404


def _links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"]*)"', html)]


def test_the_reports_page_pages_its_regions_instead_of_cutting_them(world, login, monkeypatch):
    monkeypatch.setattr(views, "REGIONS_PER_PAGE", 3)
    for n in range(5):
        f.region(f"15052198{n:02d}00", f"测试镇{n}", Level.TOWNSHIP, world.county)
    client = login(world.county_admin)
    first = client.get(reverse("stats:reports")).content.decode()
    assert first.count('<option value="15') == 3 and "下一页" in first
    names = set()
    page = first
    while True:
        names |= set(re.findall(r"测试镇\d|宝龙山镇|保康镇", page))
        nxt = re.search(r'href="\?(page=\d+)"[^>]*>下一页', page)
        if not nxt:
            break
        page = client.get(reverse("stats:reports") + "?" + nxt.group(1)).content.decode()
    assert {f"测试镇{n}" for n in range(5)} <= names
