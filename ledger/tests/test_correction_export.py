"""The correction requests' export: those waiting for the user, the volunteer's mobile number masked; the other
county's admin gets none of them."""

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse

from ledger.services import correction_request
from ledger.tests.corrections import served


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def test_the_corrections_export_holds_the_requests_waiting_masked_and_no_other_county_s(world, login, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("2.5"), reason="=多服务半小时")
    values = _values(login(world.team_leader).get(reverse("ledger:corrections"), {"export": "xlsx"}))
    assert request.pk in values and "张三" in values and "'=多服务半小时" in values
    assert "139****5678" in values and "13912345678" not in values
    assert world.volunteer.volunteer_number in values
    assert "export=csv" in login(world.team_leader).get(reverse("ledger:corrections")).content.decode()
    values = _values(login(world.outsider).get(reverse("ledger:corrections"), {"export": "xlsx"}))
    assert request.pk not in values and "张三" not in values
