"""A campaign's dashboard on a phone, in real Chromium: from the groups list down to a county's activities by
links, under the CSP, nothing wider than the screen."""

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

from qianniu.tests.browser import PHONE, browser_marks, shot  # noqa: E402
from qianniu.tests.test_browser import CSP_WATCH, sign_in  # noqa: E402

pytestmark = browser_marks


def test_a_community_worker_drills_down_the_provinces_campaign_on_a_phone(coord, world, page_for):
    page = page_for(PHONE)
    page.add_init_script(CSP_WATCH)
    sign_in(page, world.social_worker)
    page.goto("/coordination/")
    page.get_by_role("link", name="内蒙古志愿服务工作协调小组").click()
    expect(page.get_by_test_id("members")).to_contain_text("自治区民政厅")
    page.get_by_role("link", name="温暖北疆").click()
    expect(page.get_by_test_id("total")).to_contain_text("12")  # people served by the linked activity
    expect(page.get_by_test_id("links")).to_have_count(0)
    expect(page.locator('[data-chart="targets"] svg')).to_have_count(1)  # drawn by the stats dashboards' script
    expect(page.locator('[data-chart="regions"] svg')).to_have_count(1)
    expect(page.get_by_test_id("table-regions")).to_contain_text("通辽市")  # the table under the chart
    page.get_by_test_id("rows").get_by_role("link", name="通辽市").click()
    page.get_by_test_id("rows").get_by_role("link", name="科尔沁左翼中旗").click()
    expect(page.get_by_test_id("links")).to_contain_text("冬日关爱")
    expect(page.locator('[data-chart="months"] svg')).to_have_count(1)  # its months only: no region below, no target
    expect(page.locator("[data-chart]")).to_have_count(1)
    expect(page.get_by_test_id("period-form")).to_be_visible()  # the period selector, within the phone's width
    assert page.evaluate("window.cspViolations") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-coordination-campaign-county")
