import datetime
import html
import re

from django.urls import reverse
from django.utils import timezone

from dispatch.models import Dispatch
from needs.models import Need
from qianniu.tests.pages import walk

ROW = r'href="/dispatches/(\d+)/"'


def many_dispatches(world, count):
    now = timezone.now()
    needs = Need.objects.bulk_create(
        Need(source="staff", region=world.community, description=f"第{n}件", response_due_at=now) for n in range(count)
    )
    Dispatch.objects.bulk_create(
        Dispatch(need=need, department=world.department, deadline=now + datetime.timedelta(hours=n % 7))
        for n, need in enumerate(needs)
    )


def test_a_department_with_300_dispatches_pages_through_all_of_them(world, login):
    many_dispatches(world, 300)
    ids, totals, queries = walk(login(world.liaison), reverse("dispatch:list") + "?show=all", ROW)
    assert len(set(ids)) == len(ids) == 300
    assert any(re.search(r"\b300\b", total) for total in totals)
    assert len(queries) == 6 and len(set(queries[1:])) == 1  # every page after the first costs the same
    deadlines = list(Dispatch.objects.filter(pk__in=ids[:60]).values_list("pk", "deadline"))
    by_pk = dict(deadlines)
    shown = [by_pk[int(pk)] for pk in ids[:60]]
    assert shown == sorted(shown)  # the earliest deadline first, across the page break


def test_the_open_filter_still_pages(world, login):
    many_dispatches(world, 60)
    Dispatch.objects.filter(pk__in=Dispatch.objects.order_by("pk").values("pk")[:5]).update(status="completed")
    ids, _, _ = walk(login(world.liaison), reverse("dispatch:list"), ROW)
    assert len(set(ids)) == 55
    ids, _, _ = walk(login(world.liaison), reverse("dispatch:list") + "?show=all", ROW)
    assert len(set(ids)) == 60
    ids, _, _ = walk(login(world.outsider), reverse("dispatch:list") + "?show=all", ROW)
    assert ids == []


def test_the_previous_page_link_leads_back_to_the_same_rows(world, login):
    many_dispatches(world, 120)
    client = login(world.liaison)
    url = reverse("dispatch:list") + "?show=all"
    first = client.get(url).content.decode()
    second_url = url.split("?")[0] + html.unescape(re.search(r'rel="next"[^>]*href="([^"]+)"', first).group(1))
    second = client.get(second_url).content.decode()
    assert set(re.findall(ROW, second)).isdisjoint(re.findall(ROW, first))
    back = url.split("?")[0] + html.unescape(re.search(r'rel="prev"[^>]*href="([^"]+)"', second).group(1))
    assert re.findall(ROW, client.get(back).content.decode()) == re.findall(ROW, first)


def test_the_home_page_links_its_short_overdue_list_to_all_of_them(world, login):
    many_dispatches(world, 25)
    Dispatch.objects.update(escalated_at=timezone.now())
    Need.objects.update(escalated_at=timezone.now())
    body = login(world.county_admin).get(reverse("home")).content.decode()
    assert re.search(r'data-testid="all-overdue-dispatches"[^>]*>[^<]*\b25\b', body)
    assert re.search(r'data-testid="all-overdue-needs"[^>]*>[^<]*\b25\b', body)
    ids, _, _ = walk(login(world.county_admin), reverse("dispatch:list") + "?show=overdue", ROW)
    assert len(set(ids)) == 25  # the home page shows 20
    Dispatch.objects.filter(pk__in=ids[:5]).update(escalated_at=None)
    assert len(walk(login(world.county_admin), reverse("dispatch:list") + "?show=overdue", ROW)[0]) == 20
