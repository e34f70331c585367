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


def _group_counts(html: str) -> dict[str, int]:
    link = re.escape(reverse("people:recipient_list"))
    return {code: int(n.replace(",", "")) for code, n in re.findall(rf'{link}\?group=(\w+)">([\d,]+)<', html)}


def test_the_recipient_counts_come_from_the_facts_equal_the_live_count_and_follow_changes(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dictionaries.models import TargetGroup
    from people.models import Recipient
    from people.services import recipient_update

    elder, child = TargetGroup.objects.all()[:2]
    client = login(world.county_admin)
    client.get(reverse("home"))  # the facts caught up with what exists
    f.recipient(name="王奶奶", region=world.community, groups=[elder])
    f.recipient(name="小明", region=world.other_community, groups=[elder, child])
    f.recipient(name="外县人", region=world.foreign_community, groups=[child])
    recipient_update(
        recipient=world.recipient, by=world.county_admin, name=world.recipient.name, data={"groups": [child]}
    )

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("home")).content.decode()
    visible = Recipient.objects.visible_to(world.county_admin)
    assert _stat(html, "recipient-count") == visible.count() >= 4  # the foreign county's is not counted
    groups = _group_counts(html)
    for group in TargetGroup.objects.all():
        assert groups[group.code] == visible.filter(groups=group).count(), group.code
    assert groups[elder.code] == 2 and groups[child.code] >= 2
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "people_recipient" in q["sql"]]
    assert counted == []  # read from the facts, no COUNT over the recipients


def test_a_recipient_deleted_in_the_back_office_leaves_the_counts(world, login):
    from stats.tasks import stats_catch_up

    client = login(world.county_admin)
    before = _stat(client.get(reverse("home")).content.decode(), "recipient-count")
    gone = f.recipient(name="走了的", region=world.community)
    assert _stat(client.get(reverse("home")).content.decode(), "recipient-count") == before + 1
    gone.delete()
    stats_catch_up.call_local()  # the periodic job sweeps the deleted
    assert _stat(client.get(reverse("home")).content.decode(), "recipient-count") == before
