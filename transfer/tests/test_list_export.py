"""The imports list's export: the list's imports with its kind filter, who uploaded with their mobile number
masked, a file name that reads as a formula neutralised, no other county's import."""

import io

import openpyxl
from django.urls import reverse

from transfer.models import ImportJob, Status


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def _job(world, **fields) -> ImportJob:
    values = {"kind": "volunteers", "region": world.county, "created_by": world.volunteer_user, "content": b""}
    return ImportJob.objects.create(**{**values, **fields})


def test_the_imports_list_exports_its_imports_masked_filtered_and_no_other_county_s(world, login):
    roster = _job(world, filename="=HYPERLINK(1)花名册.xlsx", status=Status.DONE, total_rows=76)
    served = _job(world, kind="recipients", filename="服务对象.xlsx")
    foreign = _job(world, region=world.foreign_county, created_by=world.outsider, filename="金川区花名册.xlsx")
    client = login(world.county_admin)

    values = _values(client.get(reverse("transfer:list"), {"export": "xlsx"}))
    assert roster.pk in values and served.pk in values and 76 in values
    assert "'=HYPERLINK(1)花名册.xlsx" in values and "=HYPERLINK(1)花名册.xlsx" not in values
    assert "张三" in values and "139****5678" in values and "13912345678" not in values
    assert foreign.pk not in values and "金川区花名册.xlsx" not in values and "李红梅" not in values

    filtered = _values(client.get(reverse("transfer:list"), {"export": "xlsx", "kind": "recipients"}))
    assert served.pk in filtered and "服务对象.xlsx" in filtered and roster.pk not in filtered

    page = client.get(reverse("transfer:list"), {"kind": "recipients"}).content.decode()
    links = page.split('data-testid="export-links"')[1].split("</p>")[0]
    assert "export=xlsx" in links and "kind=recipients" in links
    assert "HYPERLINK" not in page and "服务对象.xlsx" in page
