"""The export of a campaign's activities: what the campaign's page lists for a county or below, with the region
filter of the page kept, mobile numbers masked, a title that reads as a formula neutralised; another county's
activities are not in it, and another county's admin gets 404 for this county's export."""

import csv
import io

import openpyxl
from django.urls import reverse

from coordination import services
from coordination.tests.conftest import make_activity


def _xlsx(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def _ids(response) -> set:
    """The first column of the export's rows: the activities' numbers."""
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}


def _csv(response) -> list:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text)) for value in row]


def _campaign(coord, world, second_county):
    """Three activities under the campaign: two in 科左中旗 (one a formula), one in 科左后旗."""
    county, community, admin, team, leader = second_county
    services.campaign_join(campaign=coord.campaign, region=county, plan="", by=admin)
    formula = make_activity(world, title="=1+1 冬季送温暖", region=world.other_community, team=world.other_team)
    services.campaign_link(campaign=coord.campaign, activity=formula, by=world.county_admin, people_served=3)
    there = make_activity(world, title="后旗探访", region=community, team=team)
    there.lead = leader.user
    there.save(update_fields=["lead"])
    services.campaign_link(campaign=coord.campaign, activity=there, by=admin, people_served=8)
    services.people_served_report(link=coord.activity.campaign_link, people_served=12, by=world.county_admin)
    return formula, there


def test_a_countys_campaign_activities_export_masked_neutralised_and_without_another_county(
    coord, world, second_county, login
):
    formula, there = _campaign(coord, world, second_county)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    client = login(world.county_admin)

    values = _xlsx(client.get(url, {"region": "150521", "export": "xlsx"}))
    assert {"活动负责人", "服务人次", "报告人手机号", "报告时间"} <= set(values)  # headers, in Chinese
    assert "冬日关爱" in values and "'=1+1 冬季送温暖" in values and "=1+1 冬季送温暖" not in values
    assert "后旗探访" not in values  # 科左后旗's activity
    assert _ids(client.get(url, {"region": "150521", "export": "xlsx"})) == {coord.activity.pk, formula.pk}
    lead, reporter = world.team_leader, world.county_admin
    assert lead.masked_phone in values and lead.phone not in values and "*" in lead.masked_phone
    assert reporter.name in values and reporter.masked_phone in values and reporter.phone not in values

    values = _csv(client.get(url, {"region": "150521", "export": "csv"}))
    assert "冬日关爱" in values and "'=1+1 冬季送温暖" in values and "=1+1 冬季送温暖" not in values
    assert "后旗探访" not in values and lead.phone not in values and lead.masked_phone in values

    # the page's region filter is kept: one community's export holds its activities only
    page = client.get(url, {"region": world.community.code}).content.decode()
    links = page.split('data-testid="export-links"')[1].split("</p>")[0]
    assert "export=xlsx" in links and f"region={world.community.code}" in links
    values = _xlsx(client.get(url, {"region": world.community.code, "export": "xlsx"}))
    assert "冬日关爱" in values and "'=1+1 冬季送温暖" not in values


def test_the_campaign_export_is_404_to_another_county_and_above_a_county(coord, world, second_county, login):
    _campaign(coord, world, second_county)
    url = reverse("coordination:campaign", args=[coord.campaign.pk])
    _county, _community, admin, _team, _leader = second_county
    other_county = login(admin)
    assert other_county.get(url, {"region": "150521", "export": "xlsx"}).status_code == 404
    assert other_county.get(url, {"region": "150521", "export": "csv"}).status_code == 404
    assert "后旗探访" in _xlsx(other_county.get(url, {"region": "150522", "export": "xlsx"}))
    assert login(coord.other_province_admin).get(url, {"region": "150521", "export": "xlsx"}).status_code == 404
    # the province's page lists no activities: nothing to export there
    province = login(coord.admin)
    assert province.get(url, {"export": "xlsx"}).status_code == 404
    assert "冬日关爱" in _xlsx(province.get(url, {"region": "150521", "export": "xlsx"}))
