"""Two browsers book the same hour of a room at the same moment: one booking, one clear message."""

import pytest
from django.db import connection

from qianniu.tests import factories as f
from qianniu.tests.browser import DESKTOP, PHONE, browser_marks, shot
from venues.models import Booking
from venues.tests.conftest import next_weekday

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks

SUBMIT = "document.querySelector('[data-testid=booking-form]').requestSubmit()"


def signed_in(page_for, device, user):
    page = page_for(device)
    page.goto("/login/")
    page.fill("#id_username", user.phone)
    page.fill("#id_password", f.PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")
    return page


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the live server shares the in-memory SQLite test database's one connection between its threads, so two "
    "requests at once cannot each hold a transaction; SQLite's race is tested with threads on a file copy "
    "(test_concurrency.py). Run with DATABASE_URL=postgres://…",
)
def test_two_browsers_booking_the_same_slot_at_once_get_one_booking_and_one_message(world, centre, page_for):
    _venue, day_care, _rehab = centre
    second_leader = f.volunteer(name="马晓燕", region=world.community)
    f.member(world.team, second_leader, leader=True)
    day = next_weekday(1).isoformat()
    pages = [signed_in(page_for, DESKTOP, world.team_leader), signed_in(page_for, PHONE, second_leader.user)]
    for page, title in zip(pages, ("银龄数字课堂", "曲艺队排练"), strict=True):
        page.goto(f"/rooms/{day_care.pk}/book/?day={day}&starts=14:00&ends=15:00")
        page.fill("#id_title", title)
        page.select_option("#id_team", str(world.team.pk))
    with pages[0].expect_navigation(), pages[1].expect_navigation():
        for page in pages:
            page.evaluate(SUBMIT)  # both forms leave the browsers before either answer comes back
    assert Booking.objects.filter(room=day_care).count() == 1
    refused = [page for page in pages if page.locator("[data-testid=booking-refused]").count()]
    booked = [page for page in pages if page.locator("[data-testid=booking-status]").count()]
    assert len(refused) == 1 and len(booked) == 1
    expect(refused[0].locator("[data-testid=booking-refused]")).to_contain_text("14:00–15:00 被预订。最近的空闲时间：")
    expect(refused[0].locator("[data-testid=suggestions]")).to_contain_text("15:00–16:00")
    expect(booked[0].locator("[data-testid=booking-status]")).to_have_text("已预订")
    shot(refused[0], "venue-booking-refused")
    refused[0].locator("[data-testid=suggestions] a").first.click()
    refused[0].locator("[data-testid=booking-form] button[type=submit]").click()
    expect(refused[0].locator("[data-testid=booking-status]")).to_have_text("已预订")
    assert Booking.objects.filter(room=day_care).count() == 2


def test_the_week_calendar_on_a_phone_and_on_a_desk(world, centre, page_for):
    venue, _day_care, _rehab = centre
    for device, name in ((PHONE, "phone"), (DESKTOP, "desk")):
        page = signed_in(page_for, device, world.team_leader)
        page.goto(f"/venues/{venue.pk}/")
        expect(page.locator("[data-testid=week-room]")).to_have_count(2)
        expect(page.locator("[data-testid=free]").first).to_be_visible()
        shot(page, f"venue-week-{name}")
