"""The staff list's export: the accounts the admin sees, masked, searched as the list is, no other county's."""

import io

import openpyxl
from django.urls import reverse


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def test_the_staff_export_holds_the_area_s_accounts_masked_and_no_other_county_s(world, login):
    client = login(world.county_admin)
    values = _values(client.get(reverse("staff:list"), {"export": "xlsx"}))
    assert world.social_worker.name in values and world.team_leader.name in values
    assert world.social_worker.masked_phone in values and world.social_worker.phone not in values
    assert world.outsider.name not in values
    searched = _values(client.get(reverse("staff:list"), {"export": "xlsx", "q": world.team_leader.name}))
    assert world.team_leader.name in searched and world.social_worker.name not in searched
    assert "export=xlsx" in client.get(reverse("staff:list")).content.decode()
    values = _values(login(world.outsider).get(reverse("staff:list"), {"export": "xlsx"}))
    assert world.social_worker.name not in values and world.outsider.name in values
