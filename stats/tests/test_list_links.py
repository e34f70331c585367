"""Every figure of a dashboard that links to a list opens a list of as many rows as the figure says: needs found,
served and closed by group, by field and in a crisis (found in the period), needs nobody answered by where they
stand and by why they are unserved (found in the period), dispatches past their deadline by department,
volunteers by age band, kind and sex, and the overdue needs of each region below."""

import datetime
import random
import re

from django.urls import reverse
from django.utils import timezone

from stats.rollup import catch_up
from stats.tests.conftest import NO_SETTLE
from stats.tests.records import match_run, random_entries, random_needs, random_volunteers


def _figure_links(html: str) -> list[tuple[str, int]]:
    """Each link whose text is a number: (the list's address, the number)."""
    return [
        (href.replace("&amp;", "&"), int(number.replace(",", "")))
        for href, number in re.findall(r'<a href="([^"]+)"[^>]*>([\d,]+)</a>', html)
    ]


def _total(client, href: str) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    return int(re.search(r'data-testid="total">\D*(\d+)', page.content.decode()).group(1))


def test_each_linked_figure_opens_a_list_of_as_many_rows(world, login):
    rng = random.Random(1616)
    volunteers = random_volunteers(rng, [world.community, world.other_community], 14)
    random_entries(rng, volunteers, world.county_admin, 12)
    needs = random_needs(rng, world, 36, volunteers=[*volunteers, world.foreign_volunteer, world.volunteer])
    kinds = [("none", "declined"), ("none", "taken"), ("none", "distance"), ("volunteer", None)]
    for _ in range(2):  # the latest run's proposal gives the reason
        match_run(world, [(need, *rng.choice(kinds)) for need in rng.sample(needs, 20)])
    catch_up(settle=NO_SETTLE)

    client = login(world.county_admin)
    today = timezone.localdate()
    first = (today - datetime.timedelta(days=720)).strftime("%Y-%m")
    checked, compared = [], 0
    periods = (f"?period=custom&from={first}&to={today:%Y-%m}", "?period=year")  # all of the needs; some of them
    for region, query in ((world.county, periods[0]), (world.county, periods[1]), (world.community, periods[1])):
        html = client.get(reverse("stats:dashboard", args=[region.code]) + query).content.decode()
        for href, figure in _figure_links(html):
            assert _total(client, href) == figure, href
            checked.append(href)
            compared += figure
    for expected in (
        "age_from=",  # volunteers by age band
        "show=late",  # dispatches past their deadline, by department
        "status=served_or_closed",  # the served column of groups and fields
        "status=closed&group=",
        "status=closed&field=",
        "crisis=1&found_from=",
        "unserved=any",  # needs nobody answered, by where they stand
        "unserved=declined",  # ... and by why they are unserved
        "unserved=taken",
        "unserved=no_candidate",
        "unserved=proposed",
        "unserved=unmatched",
    ):
        assert any(expected in href for href in checked), expected
    assert sum(1 for href in checked if "found_from=" in href) > 10
    assert compared > 100  # the lists compared hold many rows, not only empty ones

    client = login(world.outsider)  # another county's admin: every one of these lists is not found
    for expected in ("/dispatches/", "/volunteers/", "/needs/"):
        href = next(href for href in checked if href.startswith(expected))
        assert client.get(href).status_code == 404, href
