"""The home page's counts read the rollups, brought up to date before the page is read."""

import re

from django.urls import reverse

from orgs.models import Kind
from qianniu.tests import factories as f
from stats.models import Fact


def _stat(html: str, testid: str) -> int:
    return int(re.search(rf'data-testid="{testid}">([\d,]+)<', html).group(1).replace(",", ""))


def test_the_county_admin_s_counts_come_from_the_facts_and_follow_a_new_registration(world, login):
    client = login(world.county_admin)
    html = client.get(reverse("home")).content.decode()
    assert _stat(html, "volunteer-count") == 3  # the county's three; the foreign county's volunteer is not counted
    assert Fact.objects.filter(region=world.county, metric="volunteers", dim="").get().value == 3
    f.volunteer(name="新来的", region=world.other_community, kind="veteran")
    html = client.get(reverse("home")).content.decode()
    assert _stat(html, "volunteer-count") == 4
    assert "?kind=veteran" in html


def test_the_outsider_s_home_counts_only_their_county(world, login):
    client = login(world.outsider)
    html = client.get(reverse("home")).content.decode()
    assert _stat(html, "volunteer-count") == 1
    assert _stat(html, "team-count") == 1


def test_teams_are_counted_and_a_new_team_follows(world, login):
    from stats.tasks import stats_catch_up

    stats_catch_up.call_local()  # the periodic job
    client = login(world.county_admin)
    html = client.get(reverse("home")).content.decode()
    assert _stat(html, "team-count") == 2
    f.OrganisationFactory(name="新队", region=world.community, kind=Kind.TEAM)
    assert _stat(client.get(reverse("home")).content.decode(), "team-count") == 3
