"""The department's reports (一表通): the figures in the .xlsx and the PDF equal the live computation, and a
region outside one's areas answers 404."""

import io
import random
import subprocess
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from regions.models import Region
from stats.live import live_figures
from stats.reports import report_rows, report_values
from stats.rollup import rebuild
from stats.selectors import Period
from stats.tests.conftest import NO_SETTLE
from stats.tests.records import random_entries, random_needs, random_volunteers


def _download(client, region, fmt, period="year", at=None):
    at = at or timezone.localdate().strftime("%Y-%m")
    params = {"region": region.code, "period": period, "at": at, "format": fmt}
    return client.get(reverse("stats:report_download"), params)


def _pdf_text(content: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


def _shown(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def test_the_report_s_figures_equal_the_live_computation_in_the_sheet_and_the_pdf(world, login):
    rng = random.Random(61)
    volunteers = random_volunteers(rng, [world.community, world.other_community, world.foreign_community], 16)
    ours = [v for v in volunteers if v.region.path.startswith(world.county.path)]
    random_entries(rng, ours, world.county_admin, 40)
    random_needs(rng, world, 30, volunteers=volunteers)
    rebuild(settle=NO_SETTLE)
    today = timezone.localdate()
    period = Period(today.replace(month=1, day=1), today.replace(month=12, day=1))

    rows = report_rows(world.county, period, today)
    townships = list(Region.objects.filter(parent=world.county).order_by("code"))
    assert [row[0] for row in rows] == [world.county.name] + [t.name for t in townships]
    for row, region in zip(rows, [world.county, *townships], strict=True):
        assert row[1:] == report_values(live_figures(region, period, today)), region
    county = rows[0]
    assert county[1] > 0 and county[4] > 0 and county[5] > 0  # volunteers, hours, needs: not an empty report

    client = login(world.county_admin)
    sheet = _download(client, world.county, "xlsx")
    assert sheet.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(sheet.streaming_content)))
    cells = [list(r) for r in book.active.iter_rows(values_only=True)]
    county_row = next(r for r in cells if r and r[0] == world.county.name)
    assert [Decimal(str(v)) if v not in (None, "") else None for v in county_row[1:]] == county[1:]
    assert any(r and r[0] == world.township.name for r in cells)

    pdf = _download(client, world.county, "pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "社会工作" in text and world.county.name in text and world.township.name in text
    line = next(line for line in text.splitlines() if line.split()[:1] == [world.county.name])  # not the title
    for value in county[1:]:
        if value is not None:
            assert _shown(value) in line.split(), (value, line)


def test_another_county_s_admin_gets_404_for_the_county_s_report_and_reads_their_own(world, login):
    client = login(world.outsider)
    for fmt in ("xlsx", "pdf"):
        assert _download(client, world.county, fmt).status_code == 404
        assert _download(client, world.township, fmt).status_code == 404
    own = _download(client, world.foreign_county, "pdf", period="quarter")
    assert own.status_code == 200 and world.foreign_county.name in _pdf_text(own.content)
    page = client.get(reverse("stats:reports"))
    assert world.foreign_county.name in page.content.decode()
    assert world.county.name not in page.content.decode()

    client = login(world.county_admin)
    assert _download(client, world.county.parent, "pdf").status_code == 404  # above one's area
    assert _download(client, world.county, "doc").status_code == 404
    assert _download(client, world.county, "pdf", period="decade").status_code == 404
    page = client.get(reverse("stats:reports")).content.decode()
    assert world.county.name in page and world.township.name in page
    assert world.foreign_county.name not in page
    dashboard = client.get(reverse("stats:dashboard", args=[world.county.code]) + "?period=month")
    assert "report_download" not in dashboard.content.decode()  # a link, not a name
    assert f"region={world.county.code}&amp;period=month" in dashboard.content.decode()

    for user in (world.volunteer_user, world.resident):
        client = login(user)
        assert client.get(reverse("stats:reports")).status_code == 404
        assert _download(client, world.community, "pdf").status_code == 404


def test_a_region_name_with_markup_is_printed_as_text_in_the_report_pdf(world, login):
    world.county.name = "科左中旗<b & <para"
    world.county.save()
    pdf = _download(login(world.county_admin), world.county, "pdf")
    assert pdf.status_code == 200 and "科左中旗<b & <para" in _pdf_text(pdf.content)
