"""Real Chromium (Debian's /usr/bin/chromium) through Playwright, against the live test server.
Screenshots land in test-artifacts/ for people to look at."""

import datetime
import os
from pathlib import Path

import pytest

from people.models import Volunteer
from qianniu.tests import factories as f

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"viewport": {"width": 1280, "height": 860}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

pytestmark = [
    pytest.mark.browser,
    # The live server reads through its own connection, so the data must be committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
    # synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_for(browser, live_server):
    contexts = []

    def open_page(device: dict):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **device)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
    page = page_for(PHONE)
    page.goto("/join/")
    shot(page, "phone-join-empty")
    page.get_by_label("姓名").fill("那仁")
    page.get_by_label("手机号").fill("13512345678")
    page.get_by_label("密码").fill("qn-Strong-2026")
    page.get_by_label("证件号码").fill("150521199001011239")  # a wrong check digit first
    page.get_by_label("居住社区").select_option(str(world.community.pk))
    page.get_by_label("同意").check()
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".errorlist")).to_contain_text("校验位")
    shot(page, "phone-join-bad-id")

    page.get_by_label("密码").fill("qn-Strong-2026")
    page.get_by_label("证件号码").fill(f.resident_id(datetime.date(1990, 1, 1), "M"))
    page.get_by_label("希望加入的服务队").select_option(str(world.team.pk))
    page.get_by_label("理发").check()
    page.get_by_label("同意").check()
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".alert-success")).to_contain_text("志愿者编号")
    shot(page, "phone-join-done")
    volunteer = Volunteer.objects.get(user__name="那仁")
    expect(page.locator("main")).to_contain_text(volunteer.volunteer_number)
    assert list(volunteer.skills.values_list("code", flat=True)) == ["haircut"]
