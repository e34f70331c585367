"""The monthly report (一表通 for one month): chosen on /stats/reports/, it holds the month's flows only, equal to
the live computation for that month, under the month's title."""

import collections
import io
import random
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from needs.models import Need
from regions.models import Region
from stats.live import live_figures
from stats.reports import report_values
from stats.rollup import rebuild
from stats.selectors import Period
from stats.tests.conftest import NO_SETTLE
from stats.tests.records import random_entries, random_needs, random_volunteers


def _cells(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _decimal(values):
    return [Decimal(str(v)) if v not in (None, "") else None for v in values]


def test_the_monthly_report_holds_the_month_s_figures_only(world, login):
    rng = random.Random(1604)
    volunteers = random_volunteers(rng, [world.community, world.other_community], 12)
    random_entries(rng, volunteers, world.county_admin, 40)
    random_needs(rng, world, 40, volunteers=[*volunteers, world.foreign_volunteer])
    rebuild(settle=NO_SETTLE)
    today = timezone.localdate()
    found = collections.Counter(
        timezone.localtime(at).date().replace(day=1)
        for at in Need.objects.filter(region__path__startswith=world.county.path).values_list("created_at", flat=True)
    )
    month = max(found, key=lambda m: (found[m], m))  # the county's busiest month: a report with something in it

    client = login(world.county_admin)
    form = client.get(reverse("stats:reports")).content.decode()
    assert 'value="month"' in form and 'action="/' in form  # the page offers the monthly report
    params = {"region": world.county.code, "period": "month", "at": month.strftime("%Y-%m"), "format": "xlsx"}
    response = client.get(reverse("stats:report_download"), params)
    assert response.status_code == 200
    cells = _cells(response)
    title = f"{month.year}年{month.month}月"
    assert any(row[0] and title in str(row[0]) and "–" not in str(row[0]) for row in cells)  # one month, not a span

    expected = report_values(live_figures(world.county, Period(month, month), today))
    county = next(row for row in cells if row and row[0] == world.county.name)
    assert _decimal(county[1:]) == expected
    assert expected[4] == found[month] > 0  # needs found: the month's, not the year's
    township = Region.objects.get(pk=world.township.pk)
    row = next(row for row in cells if row and row[0] == township.name)
    assert _decimal(row[1:]) == report_values(live_figures(township, Period(month, month), today))

    assert found[month] < sum(found.values())  # other months' needs stay out of this month's report
