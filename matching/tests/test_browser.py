"""Matching in real Chromium: a social worker starts a run, reads why, accepts; the volunteer declines on a
phone; the next run proposes someone else."""

import pytest

from matching.models import MatchRun, ProposalKind
from matching.tests.conftest import place_volunteer
from needs.models import Task, TaskStatus
from needs.tests.test_browser import sign_in
from qianniu.tests import factories as f
from qianniu.tests.browser import DESKTOP, PHONE, browser_marks, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks


def start_run(page, monday):
    page.goto("/matching/")
    page.fill("input[name=starts_on]", monday.isoformat())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_run_is_reviewed_accepted_declined_and_rematched(world, page_for, open_need, monday, immediate_huey):
    place_volunteer(world.volunteer, 1.2)
    neighbour = place_volunteer(f.volunteer(name="王五", region=world.community), 4)
    need = open_need(0)

    worker = page_for(DESKTOP)
    sign_in(worker, world.social_worker)
    start_run(worker, monday)
    expect(worker.locator("main")).to_contain_text("张三")
    expect(worker.locator("main")).to_contain_text("距离 1.2 公里")
    shot(worker, "matching-1-proposals")
    worker.locator("input[name=proposal]").check()
    worker.get_by_role("button", name="接受所选").click()
    expect(worker.locator(".alert-success")).to_contain_text("已接受 1 条")
    task = Task.objects.get(need=need)

    volunteer = page_for(PHONE)
    sign_in(volunteer, world.volunteer_user)
    volunteer.goto(task.get_absolute_url())
    shot(volunteer, "matching-2-volunteer-task")
    with volunteer.expect_navigation():
        volunteer.locator("form[action$='/decline/'] button[type=submit]").click()
    task.refresh_from_db()
    assert task.status == TaskStatus.DECLINED

    start_run(worker, monday)
    run = MatchRun.objects.order_by("-pk").first()
    assert run.proposals.get(kind=ProposalKind.VOLUNTEER).volunteer == neighbour
    expect(worker.locator("main")).to_contain_text("王五")
    shot(worker, "matching-3-rematched")
