"""On a phone: sign up, check in by the QR code's URL, check out, see the hours."""

import datetime

import pytest
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance
from qianniu.tests import factories as f
from qianniu.tests.browser import PHONE, browser_marks, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks


def test_a_volunteer_signs_up_checks_in_and_out_and_sees_the_hours(world, page_for):
    now = timezone.now()
    activity = Activity.objects.create(
        title="敬老院包饺子",
        content="陪老人包饺子、聊天",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="保康镇敬老院",
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now + datetime.timedelta(hours=1),
        quota=10,
        status="published",
    )
    page = page_for(PHONE)
    page.goto("/login/")
    page.fill("#id_username", world.volunteer_user.phone)
    page.fill("#id_password", f.PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"/activities/{activity.pk}/")
    page.click("form[action$='/signup/'] button")
    expect(page.locator("[data-testid=signup-status]")).to_contain_text("已通过")
    shot(page, "phone-activity-signed-up")

    page.goto(f"/attend/{services.qr_token(activity)}/")  # what the camera opens
    page.click("form[action$='/in/'] button")
    expect(page.locator("[data-testid=attend-state]")).to_contain_text("签到")
    shot(page, "phone-checked-in")
    Attendance.objects.filter(volunteer=world.volunteer).update(checked_in_at=now - datetime.timedelta(minutes=95))

    page.goto(f"/attend/{services.qr_token(activity)}/")
    page.click("form[action$='/out/'] button")
    expect(page.locator("[data-testid=attend-state]")).to_contain_text("1.5 小时")
    page.click("text=我的服务记录")
    expect(page.locator("[data-testid=service-hours]")).to_have_text("1.5")
    shot(page, "phone-service-record")
