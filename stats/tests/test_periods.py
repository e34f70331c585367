"""The period parameters of the dashboards and reports: a month that has not come, a malformed one or one past
the calendar (9999-12) falls back to this month with a message, never a 500; the dashboard's report link
downloads the period shown, a custom span included."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

BAD = ("9999-12", "2999-01", "abc", "2026-13", "0001-01")


@pytest.mark.parametrize("at", BAD)
@pytest.mark.parametrize("period", ["month", "quarter", "year", "custom"])
def test_a_bad_month_on_the_dashboard_falls_back_to_this_month_with_a_message(world, login, at, period):
    client = login(world.county_admin)
    url = reverse("stats:dashboard", args=[world.county.code])
    params = {"period": period, "at": at} if period != "custom" else {"period": period, "from": at, "to": at}
    page = client.get(url, params)
    assert page.status_code == 200
    html = page.content.decode()
    assert at in html and ("尚未到来" in html or "不是有效的月份" in html)
    this_month = timezone.localdate().strftime("%Y-%m")
    field = "to" if period == "custom" else "at"
    assert f'id="{field}" name="{field}" value="{this_month}"' in html


@pytest.mark.parametrize("at", BAD)
def test_a_bad_month_in_a_report_download_returns_to_the_reports_with_a_message(world, login, at):
    client = login(world.county_admin)
    params = {"region": world.county.code, "period": "year", "at": at, "format": "pdf"}
    answer = client.get(reverse("stats:report_download"), params, follow=True)
    assert answer.redirect_chain and answer.redirect_chain[-1][0] == reverse("stats:reports")
    assert at in answer.content.decode()


def test_the_dashboard_s_report_link_downloads_the_period_shown_a_custom_span_included(world, login):
    client = login(world.county_admin)
    url = reverse("stats:dashboard", args=[world.county.code])
    for query in ("?period=custom&from=2025-03&to=2026-02", "?period=quarter&at=2026-05", "?period=month"):
        html = client.get(url + query).content.decode()
        links = [link.replace("&amp;", "&") for link in re.findall(r'href="(/stats/reports/download/[^"]*)"', html)]
        assert len(links) == 2, query
        for link in links:
            answer = client.get(link)
            assert answer.status_code == 200 and "attachment" in answer["Content-Disposition"], (query, link)
    answer = client.get(links[0].replace("period=month", "period=custom") + "&from=2025-03&to=2026-02")
    assert answer.status_code == 200
