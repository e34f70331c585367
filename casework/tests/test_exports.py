"""The case list's export: the cases the list shows, the person's telephone masked, no other county's case."""

import csv
import io

import openpyxl
from django.urls import reverse

from casework import services
from casework.models import Case


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def test_the_case_list_exports_its_cases_masked_and_no_other_county_s(world, login):
    ours = services.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")
    theirs = Case.objects.create(
        recipient=world.foreign_recipient, region=world.foreign_community, social_worker=world.outsider,
        presenting_problem="x",
    )  # fmt: skip
    values = _values(login(world.social_worker).get(reverse("casework:list"), {"export": "xlsx"}))
    assert ours.pk in values and "韩桂兰" in values and "136****5432" in values
    assert "13698765432" not in values
    assert "张桂兰" not in values and theirs.pk not in values
    page = login(world.social_worker).get(reverse("casework:list")).content.decode()
    assert "export=xlsx" in page and "export=csv" in page
    response = login(world.social_worker).get(reverse("casework:list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["#", "服务对象"] and [row[1] for row in rows[1:]] == ["韩桂兰"]
    # the other county's admin does not get ours
    values = _values(login(world.outsider).get(reverse("casework:list"), {"export": "xlsx"}))
    assert "韩桂兰" not in values and ours.pk not in values
