"""The bell in real Chromium, on the demo: a task offered to the demo volunteer (138 0000 0005) shows in their bell
with the unread count; opening the task from the notification list marks it read and the count goes down."""

import os

import pytest
from django.core.management import call_command

from demo.accounts import DEMO_PASSWORD, role_phone
from needs import services as needs
from needs.models import Need, Status
from notifications.models import Notification
from people.models import User, phone_index
from qianniu.tests.browser import PHONE, browser_marks, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks


def demo_user(number: int) -> User:
    return User.objects.get(phone_index=phone_index(role_phone(number)))


def sign_in(page, user):
    page.goto("/login/")
    page.fill("#id_username", user.phone)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text(user.name)


def bell_count(page) -> int:
    badge = page.locator("[data-testid=bell-count]")
    return int(badge.inner_text()) if badge.count() else 0


def test_the_bell_counts_a_task_offered_to_the_demo_volunteer_and_opening_it_marks_it_read(page_for):
    from conftest import ensure_reference_data

    ensure_reference_data()  # a transactional test before this one may have emptied the seeded tables
    call_command("load_demo", volunteers=50, recipients=20, stdout=open(os.devnull, "w"))  # noqa: SIM115
    volunteer, worker = demo_user(5), demo_user(2)
    page = page_for(PHONE)
    sign_in(page, volunteer)
    before = bell_count(page)
    assert before == Notification.objects.filter(person=volunteer, read_at__isnull=True).count()

    need = (
        Need.objects.filter(region__name="团结社区", status__in=[Status.TRIAGED, Status.IN_SERVICE])
        .order_by("pk")
        .first()
    )
    assert need is not None, "the demo has a triaged need in 团结社区"
    task = needs.task_offer(
        need=need,
        by=worker,
        volunteer=volunteer.volunteer,
        what="陪同去卫生院复查",
        on=need.created_at.date(),
        place="保康镇卫生院",
        contact="社工 13800000002",
    )
    page.goto("/")
    expect(page.locator("[data-testid=bell-count]")).to_have_text(str(before + 1))
    shot(page, "bell-1-task-offered")

    page.click(".navbar-toggler")  # on a phone the bell is in the folded menu
    bell = page.locator("[data-testid=bell]")
    expect(bell).to_be_visible()
    expect(bell).to_have_attribute("href", "/notifications/")
    page.goto("/notifications/")  # a click while the menu still unfolds was lost under load
    link = page.locator(
        f"a[href='/notifications/{Notification.objects.get(event_key=f'task:{task.pk}:offered').pk}/open/']"
    )
    expect(link).to_contain_text("陪同去卫生院复查")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/tasks/{task.pk}/")
    expect(page.locator("main")).to_contain_text("陪同去卫生院复查")
    assert Notification.objects.get(event_key=f"task:{task.pk}:offered").read_at is not None
    page.goto("/")
    assert bell_count(page) == before
    shot(page, "bell-2-read")

    # Another offer, and the task opened directly (a link in the SMS): read as well.
    again = needs.task_offer(
        need=need,
        by=worker,
        volunteer=volunteer.volunteer,
        what="上门送餐",
        on=need.created_at.date(),
        place="团结社区",
        contact="社工",
    )
    page.goto("/")
    expect(page.locator("[data-testid=bell-count]")).to_have_text(str(before + 1))
    page.goto(f"/tasks/{again.pk}/")
    page.goto("/")
    assert bell_count(page) == before
    assert Notification.objects.get(event_key=f"task:{again.pk}:offered").read_at is not None
