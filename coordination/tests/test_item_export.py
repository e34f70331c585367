"""The export of a group's supervised items: the items the page lists with its status filter, who reported one
done with their mobile number masked, a decision that reads as a formula neutralised; another province's admin
gets 404."""

import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from coordination import services


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def test_the_items_of_a_group_export_masked_filtered_and_only_to_its_admins(coord, login):
    reported = coord.item
    services.item_report(item=reported, by=coord.liaison, note="已印发")
    formula = services.item_create(
        meeting=coord.meeting, decision="=1+1 建立督办台账", owner=coord.owner,
        deadline=timezone.localdate() + datetime.timedelta(days=9), by=coord.admin,
    )  # fmt: skip
    url = reverse("coordination:group", args=[coord.group.pk])
    client = login(coord.admin)

    values = _values(client.get(url, {"export": "xlsx"}))
    assert reported.pk in values and formula.pk in values and "第一次全体会议" in values
    assert "'=1+1 建立督办台账" in values and "=1+1 建立督办台账" not in values
    phone = coord.liaison.phone
    assert phone.startswith("139") and coord.liaison.masked_phone.startswith("139****")
    assert "高娃" in values and coord.liaison.masked_phone in values and phone not in values

    filtered = _values(client.get(url, {"export": "xlsx", "status": "reported"}))
    assert reported.pk in filtered and formula.pk not in filtered

    page = client.get(url, {"status": "reported"}).content.decode()
    links = page.split('data-testid="export-links"')[1].split("</p>")[0]
    assert "export=xlsx" in links and "status=reported" in links

    assert login(coord.other_province_admin).get(url, {"export": "xlsx"}).status_code == 404
