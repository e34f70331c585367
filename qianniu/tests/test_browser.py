"""Real Chromium (Debian's /usr/bin/chromium) through Playwright, against the live test server.
Screenshots land in test-artifacts/ for people to look at."""

import datetime

import pytest

from people.models import Volunteer
from qianniu.tests import factories as f

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

from qianniu.tests.browser import DESKTOP, PHONE, browser_marks, shot  # noqa: E402

pytestmark = browser_marks


def sign_in(page, user):
    page.goto("/login/")
    page.get_by_label("手机号").fill(user.phone)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(user.name)


def test_a_social_worker_finds_a_volunteer_by_pinyin_initials(world, page_for):
    page = page_for(DESKTOP)
    sign_in(page, world.social_worker)
    shot(page, "desktop-social-worker-home")
    page.get_by_role("link", name="志愿者", exact=True).first.click()
    rows = page.locator("#rows")
    expect(rows).to_contain_text("吴乌兰")
    page.get_by_role("searchbox").fill("zs")
    expect(rows).not_to_contain_text("吴乌兰")
    expect(rows).to_contain_text("张三")
    expect(rows).to_contain_text("139****5678")
    assert "q=zs" in page.url  # the search is in the address, so it can be shared and reloaded
    shot(page, "desktop-volunteer-search-zs")
    page.get_by_role("link", name="张三").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张三")
    shot(page, "desktop-volunteer-detail")


def test_a_volunteer_registers_on_a_phone(world, page_for):
    """Three short steps, the ID number checked at the first."""
    page = page_for(PHONE)
    page.goto("/join/")
    shot(page, "phone-join-empty")
    expect(page.get_by_test_id("step")).to_contain_text("第 1 步，共 3 步")
    page.get_by_label("姓名").fill("那仁")
    page.get_by_label("手机号").fill("13512345678")
    assert page.get_by_label("手机号").get_attribute("type") == "tel"  # the numeric keypad
    page.get_by_label("证件号码").fill("150521199001011239")  # a wrong check digit first
    page.get_by_role("button", name="下一步").click()
    expect(page.locator(".errorlist")).to_contain_text("校验位")
    expect(page.get_by_test_id("step")).to_contain_text("第 1 步")
    shot(page, "phone-join-bad-id")

    page.get_by_label("证件号码").fill(f.resident_id(datetime.date(1990, 1, 1), "M"))
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_test_id("step")).to_contain_text("第 2 步")
    page.get_by_label("居住社区").select_option(str(world.community.pk))
    page.get_by_label("理发").check()
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_test_id("step")).to_contain_text("第 3 步")
    page.get_by_label("希望加入的服务队").select_option(str(world.team.pk))
    page.get_by_label("密码").fill("qn-Strong-2026")
    page.get_by_label("同意").check()
    shot(page, "phone-join-last-step")
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("感谢您的注册")
    shot(page, "phone-join-done")
    page.get_by_role("link", name="登录").last.click()
    page.get_by_label("手机号").fill("13512345678")
    page.get_by_label("密码").fill("qn-Strong-2026")
    page.get_by_role("button", name="登录").click()
    volunteer = Volunteer.objects.get(user__name="那仁")
    expect(page.locator("main")).to_contain_text(volunteer.volunteer_number)
    assert list(volunteer.skills.values_list("code", flat=True)) == ["haircut"]


def test_the_elder_mode_switch_is_on_a_phones_first_screen(world, page_for):
    page = page_for(PHONE)
    sign_in(page, world.social_worker)
    switch = page.get_by_role("button", name="长辈版")
    expect(switch).to_be_visible()  # without opening the menu
    expect(page.locator("#nav")).not_to_be_visible()
    assert switch.bounding_box()["y"] + switch.bounding_box()["height"] <= 844
    switch.click()
    expect(page.locator("body")).to_have_class("elder")
    page.goto("/volunteers/")
    # A row is a card: the phone number is shown whole under its column's name, nothing scrolls sideways.
    cell = page.locator("#rows td[data-label='手机号']").first
    expect(cell).to_be_visible()
    assert cell.evaluate("td => getComputedStyle(td).display") == "flex"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"手机号"'
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "phone-elder-volunteers")
    page.get_by_role("button", name="标准版").click()
    expect(page.locator("body")).not_to_have_class("elder")
    assert page.locator("#rows td[data-label='手机号']").first.evaluate("td => getComputedStyle(td).display") == (
        "table-cell"
    )


CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));
"""


def test_htmx_and_bootstrap_work_under_the_content_security_policy(world, page_for):
    """The policy refuses inline code: htmx swaps, Bootstrap's menus and the progress bar still work, and the
    browser reports no violation."""
    from matching.models import MatchRun, RunStatus

    run = MatchRun.objects.create(
        region=world.community,
        starts_on=datetime.date.today(),
        created_by=world.social_worker,
        status=RunStatus.RUNNING,
        progress=40,
    )
    page = page_for(PHONE)
    page.add_init_script(CSP_WATCH)
    console = []
    page.on("console", lambda message: console.append(message.text))
    sign_in(page, world.social_worker)
    assert "unsafe-inline" not in page.request.get("/").headers["content-security-policy"]

    page.goto("/volunteers/")
    page.get_by_role("searchbox").fill("zs")  # htmx swaps the rows in
    expect(page.locator("#rows")).not_to_contain_text("吴乌兰")
    expect(page.locator("#rows")).to_contain_text("张三")
    page.get_by_role("button", name="菜单").click()  # Bootstrap's collapse on a phone
    expect(page.locator("#nav")).to_be_visible()
    page.get_by_role("button", name="专业社工").click()  # ... and its dropdown
    expect(page.get_by_role("link", name="个案")).to_be_visible()

    page.goto(run.get_absolute_url())
    bar = page.locator(".progress-bar")
    expect(bar).to_have_attribute("data-width", "40")
    assert bar.evaluate("element => element.style.width") == "40%"  # site.js, not a style attribute
    run.progress = 70
    run.save(update_fields=["progress"])
    expect(page.locator(".progress-bar")).to_have_attribute("data-width", "70")  # htmx polled and swapped
    assert page.locator(".progress-bar").evaluate("element => element.style.width") == "70%"
    run.status = RunStatus.DONE
    run.save(update_fields=["status"])
    expect(page.locator(".progress")).to_have_count(0, timeout=10_000)  # HX-Refresh reloaded the page
    shot(page, "phone-csp-run-finished")

    assert page.evaluate("window.cspViolations") == []
    assert [text for text in console if "Content Security Policy" in text] == []
