"""The dashboard on a phone, in real Chromium: charts drawn from the JSON by the static script, no CSP
violation, nothing wider than the screen."""

import pytest

from qianniu.tests import factories as f

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

from qianniu.tests.browser import PHONE, browser_marks, shot  # noqa: E402
from qianniu.tests.test_browser import CSP_WATCH, sign_in  # noqa: E402

pytestmark = browser_marks


def test_the_dashboard_draws_its_charts_on_a_phone_under_the_csp(world, page_for):
    f.volunteer(name="青年志愿者", region=world.community, kind="youth", sex="F")
    page = page_for(PHONE)
    page.add_init_script(CSP_WATCH)
    sign_in(page, world.social_worker)
    page.goto("/stats/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("团结社区")
    expect(page.locator('[data-chart="volunteer_kind"] svg')).to_have_count(1)
    expect(page.get_by_test_id("table-volunteer_kind")).to_contain_text("青年")
    assert page.evaluate("window.cspViolations") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    shot(page, "phone-stats-dashboard")
