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
    expect(page.get_by_role("heading", level=1)).to_contain_text("感谢您的注册")
    shot(page, "phone-join-done")
    page.get_by_role("link", name="登录").last.click()
    page.get_by_label("手机号").fill("13512345678")
    page.get_by_label("密码").fill("qn-Strong-2026")
    page.get_by_role("button", name="登录").click()
    volunteer = Volunteer.objects.get(user__name="那仁")
    expect(page.locator("main")).to_contain_text(volunteer.volunteer_number)
    assert list(volunteer.skills.values_list("code", flat=True)) == ["haircut"]
