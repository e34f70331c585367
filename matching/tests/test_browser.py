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


def test_a_city_run_shows_each_county_s_progress_until_it_is_done(world, page_for, open_need, monday):
    from matching import execution, services
    from people.models import Role

    city = world.county.parent
    second = f.region("150522", "科尔沁左翼后旗", "county", city)
    admin = f.UserFactory(name="市管理员")
    f.grant(admin, Role.REGION_ADMIN, region=city)
    worker = f.UserFactory(name="市社工")  # signs in without the second factor a region admin needs
    f.grant(worker, Role.SOCIAL_WORKER, region=city)
    place_volunteer(world.volunteer, 1)
    open_need(0)
    run = services.run_create(region=city, starts_on=monday, weeks=1, by=admin)
    first = run.children.get(region=world.county)
    execution.run_execute(first.pk)

    page = page_for(DESKTOP)
    sign_in(page, worker)
    page.goto(run.get_absolute_url())
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("科尔沁左翼中旗")
    expect(rows.nth(0).locator(".progress-bar")).to_have_attribute("data-width", "100")
    expect(rows.nth(1)).to_contain_text("科尔沁左翼后旗")
    expect(rows.nth(1)).to_contain_text("等待开始")
    shot(page, "matching-city-run-counties")

    execution.run_execute(run.children.get(region=second).pk)  # the other consumer finishes its county
    # htmx polls the progress, then reloads the page, which shows the city's totals: 1 proposal.
    expect(page.locator("main .fs-4").nth(2)).to_have_text("1", timeout=15_000)
    expect(page.locator("main table tbody tr").nth(1).locator(".progress-bar")).to_have_attribute("data-width", "100")
