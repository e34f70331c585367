"""The dashboards: each level's page, the drill-down to the level below and to the scoped lists, and 404
for everyone outside the region."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from needs import services
from needs.models import Need
from regions.models import Region


def _overdue_need(world, region, recipient, by):
    need = services.need_create(
        source="staff", by=by, data={"recipient": recipient, "region": region, "description": "x"}
    )
    Need.objects.filter(pk=need.pk).update(response_due_at=timezone.now() - datetime.timedelta(days=3))
    return need


def _links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"]*)"', html)]


def _region_links(html: str) -> list[str]:
    """The dashboard's own links: the regions above and below, and the lists behind its figures."""
    return [link for link in _links(html) if link.startswith("/stats/1") or "region=" in link]


def test_the_province_admin_reaches_a_community_s_overdue_needs_in_four_clicks(world, province_admins, login):
    inner_mongolia, _gansu = province_admins
    mine = _overdue_need(world, world.community, world.recipient, world.social_worker)
    theirs = _overdue_need(world, world.other_community, world.other_recipient, world.county_admin)
    client = login(inner_mongolia)
    page = client.get(reverse("stats:home"), follow=True)
    assert page.request["PATH_INFO"] == reverse("stats:dashboard", args=["150000"])
    path = [world.county.parent.code, world.county.code, world.township.code]
    for clicks, code in enumerate(path, start=1):
        target = next(link for link in _links(page.content.decode()) if link.startswith(f"/stats/{code}/"))
        page = client.get(target)
        assert page.status_code == 200, clicks
    html = page.content.decode()
    target = next(link for link in _links(html) if f"region={world.community.pk}&overdue=1" in link)
    listing = client.get(target)  # the fourth click
    assert listing.status_code == 200
    assert f"/needs/{mine.pk}/" in listing.content.decode()
    assert f"/needs/{theirs.pk}/" not in listing.content.decode()  # the other community's need is not listed
    assert 'data-testid="overdue-150521100001">1<' in html
    assert re.search(r'<div class="stat fs-4">[\d,.]+ 小时</div>', html)  # hours read "3.5 小时"


def test_another_province_s_admin_gets_404_on_every_link_of_the_dashboards(world, province_admins, login, client):
    inner_mongolia, gansu = province_admins
    _overdue_need(world, world.community, world.recipient, world.social_worker)
    login(inner_mongolia)
    links, seen = set(), set()
    for code in ("150000", world.county.parent.code, world.county.code, world.township.code, world.community.code):
        page = client.get(reverse("stats:dashboard", args=[code]) + "?period=quarter")
        assert page.status_code == 200
        seen.add(code)
        links |= set(_region_links(page.content.decode()))
    lists = {link.split("?")[0] for link in links if "region=" in link}
    assert {reverse("needs:list"), reverse("people:volunteer_list"), reverse("orgs:team_list")} <= lists
    assert len(links) > 10
    client.logout()
    login(gansu)
    own = client.get(reverse("stats:dashboard", args=["620000"]))
    assert own.status_code == 200 and "甘肃省" in own.content.decode()  # the Gansu admin's own dashboard answers
    for link in sorted(links):
        assert client.get(link).status_code == 404, link


def test_a_county_admin_reads_the_county_and_below_and_not_above(world, login):
    client = login(world.county_admin)
    assert client.get(reverse("stats:home")).url == reverse("stats:dashboard", args=[world.county.code])
    assert client.get(reverse("stats:dashboard", args=[world.community.code])).status_code == 200
    assert client.get(reverse("stats:dashboard", args=[world.county.parent.code])).status_code == 404
    assert client.get(reverse("stats:dashboard", args=[world.foreign_county.code])).status_code == 404


def test_the_outsider_gets_404_on_the_county_s_dashboard_and_reads_their_own(world, login):
    client = login(world.outsider)
    assert client.get(reverse("stats:dashboard", args=[world.county.code])).status_code == 404
    assert client.get(reverse("stats:dashboard", args=[world.community.code])).status_code == 404
    assert client.get(reverse("stats:dashboard", args=[world.foreign_county.code])).status_code == 200


def test_people_without_an_area_find_no_dashboard(world, login):
    for user in (world.volunteer_user, world.resident, world.liaison):
        client = login(user)
        assert client.get(reverse("stats:home")).status_code == 404
        assert client.get(reverse("stats:dashboard", args=[world.community.code])).status_code == 404
    client = login(world.social_worker)  # a social worker of the community reads its dashboard
    assert client.get(reverse("stats:home")).url == reverse("stats:dashboard", args=[world.community.code])


def test_the_dashboard_shows_its_figures_a_table_under_each_chart_and_the_chart_data(world, login):
    client = login(world.county_admin)
    page = client.get(reverse("stats:dashboard", args=[world.county.code]) + "?period=month")
    html = page.content.decode()
    assert 'id="stats-charts" type="application/json"' in html
    assert "echarts.min.js" in html and "stats/dashboard.js" in html
    assert "<script>" not in html  # no inline script: the CSP allows none
    for key in (
        "volunteer_kind",
        "volunteer_sex",
        "volunteer_age",
        "hours",
        "needs_group",
        "needs_field",
        "crisis_cases",
    ):
        assert f'data-chart="{key}"' in html and f'data-testid="table-{key}"' in html
    volunteers = re.search(r"/volunteers/\?region=\d+&amp;status=registered\">(\d+)<", html)
    assert volunteers and int(volunteers.group(1)) == 3  # the world's three volunteers of the county
    assert "宝龙山镇" in html and "保康镇" in html  # its townships, one row each


def test_the_period_selector_reads_month_quarter_year_and_custom(world, login):
    client = login(world.county_admin)
    url = reverse("stats:dashboard", args=[world.county.code])
    for query, first in (
        ("?period=month&at=2026-05", "2026-05"),
        ("?period=quarter&at=2026-05", "2026-04"),
        ("?period=year&at=2026-05", "2026-01"),
        ("?period=custom&from=2025-03&to=2026-02", "2025-03"),
    ):
        html = client.get(url + query).content.decode()
        assert f'id="from" name="from" value="{first}"' in html, query


def test_a_list_link_of_another_area_is_not_found_and_of_one_s_own_is_listed(world, login):
    client = login(world.social_worker)
    assert client.get(reverse("needs:list") + f"?region={world.community.pk}").status_code == 200
    assert client.get(reverse("needs:list") + f"?region={world.other_community.pk}").status_code == 404
    assert client.get(reverse("needs:list") + "?region=x").status_code == 404
    assert Region.objects.filter(pk=world.other_community.pk).exists()
