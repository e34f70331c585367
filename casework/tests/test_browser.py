"""A case in real Chromium: the worker signs the agreement, assesses and plans; the supervisor approves on a
phone; the worker evaluates and asks to close; the supervisor approves the closure."""

import pytest

from casework import barthel
from casework.models import Case, Stage
from needs.tests.test_browser import sign_in, submit
from qianniu.tests.browser import DESKTOP, PHONE, browser_marks, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks


def approve(page):
    with page.expect_navigation():
        page.get_by_role("button", name="通过").click()


def answer_barthel(page, scores):
    for item in barthel.ITEMS:
        page.select_option(f"#step select[name=barthel_{item}]", str(scores[item]))


def test_a_case_from_intake_to_closure_in_a_browser(world, page_for, case, supervisor):
    worker = page_for(DESKTOP)
    sign_in(worker, world.social_worker)
    worker.goto(case.get_absolute_url())
    worker.fill("#step input[name=signed_on]", "2026-11-20")
    submit(worker, "#step form")
    answer_barthel(worker, {**{i: max(s) for i, s in barthel.ITEMS.items()}, "bathing": 0, "stairs": 0})
    worker.check("#step input[name=risk_isolation]")
    submit(worker, "#step form")
    worker.fill("#step textarea[name=goals]", "每周两次上门探访\n参加社区曲艺队")
    submit(worker, "#step form")
    expect(worker.locator("main")).to_contain_text("计划待督导审核")
    shot(worker, "case-1-plan-submitted")

    boss = page_for(PHONE)
    sign_in(boss, supervisor)
    boss.goto(case.get_absolute_url())
    approve(boss)
    assert Case.objects.get(pk=case.pk).status == Stage.INTERVENTION
    shot(boss, "case-2-supervisor-approved")

    worker.goto(case.get_absolute_url())
    for select in worker.locator("#step select[name^=goal_]").all():
        select.select_option("met")
    answer_barthel(worker, {i: max(s) for i, s in barthel.ITEMS.items()})
    submit(worker, "#step form")
    expect(worker.locator("[data-testid=barthel]")).to_contain_text("+15")
    worker.select_option("#step select[name=reason]", "goals_met")
    submit(worker, "#step form")

    boss.goto(case.get_absolute_url())
    approve(boss)
    assert Case.objects.get(pk=case.pk).status == Stage.CLOSED
    worker.goto(case.get_absolute_url())
    expect(worker.locator("main")).to_contain_text("结案")
    shot(worker, "case-3-closed")
