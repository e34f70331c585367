"""Exports of the volunteer and recipient lists: what the list shows, masked, no formula, no other county."""

import csv
import io

import openpyxl
from django.urls import reverse


def _sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_a_volunteer_export_opened_as_a_spreadsheet_runs_no_formula_and_holds_no_other_county(world, login):
    user = world.volunteer.user
    user.name = '=HYPERLINK("http://evil","点我")'
    user.save(update_fields=["name"])
    response = login(world.county_admin).get(reverse("people:volunteer_list"), {"export": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = _sheet(response)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells]
    assert '\'=HYPERLINK("http://evil","点我")' in values
    assert "李四" in values  # the county's other community is there
    assert "张山" not in values  # another county's volunteer is not
    assert "139****5678" in values and "13912345678" not in values


def test_the_outsider_exports_their_own_county_and_not_this_one(world, login):
    sheet = _sheet(login(world.outsider).get(reverse("people:volunteer_list"), {"export": "xlsx"}))
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "张山" in values
    assert "张三" not in values and "李四" not in values


def test_the_export_keeps_the_list_s_filters(world, login):
    response = login(world.county_admin).get(
        reverse("people:volunteer_list"), {"export": "csv", "region": world.other_community.pk}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert names == ["李四"]


def test_a_recipient_export_masks_the_telephone(world, login):
    sheet = _sheet(login(world.social_worker).get(reverse("people:recipient_list"), {"export": "xlsx"}))
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "韩桂兰" in values and "包金花" not in values
    assert "13698765432" not in values and world.recipient.masked_phone in values


def test_the_list_offers_both_exports_with_its_query_kept(world, login):
    body = login(world.county_admin).get(reverse("people:volunteer_list"), {"kind": "youth", "after": 5}).content
    body = body.decode()
    assert "?kind=youth&amp;export=xlsx" in body and "?kind=youth&amp;export=csv" in body


def test_each_wired_list_exports_for_its_user_and_404s_nothing(world, login):
    """Each other list answers an export with a file of its own rows."""
    client = login(world.county_admin)
    lists = ("orgs:team_list", "orgs:list", "needs:list", "dispatch:list", "resources:list", "projects:list")
    lists += ("matching:list", "groupwork:list", "mediation:list", "ledger:training_list")
    for name in lists:
        for format in ("xlsx", "csv"):
            response = client.get(reverse(name), {"export": format})
            assert response.status_code == 200, name
            assert response["Content-Disposition"].endswith(f".{format}"), name
            body = b"".join(response.streaming_content)
            assert body, name
    teams = _sheet(client.get(reverse("orgs:team_list"), {"export": "xlsx"}))
    names = [row[0].value for row in teams.iter_rows()]
    assert "团结社区牵牛花志愿服务队" in names and "龙广益家志愿服务队" not in names
