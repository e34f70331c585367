"""The closed loop in real Chromium: a resident asks on a phone, a social worker triages and dispatches, the
department completes, a volunteer takes and finishes a task, the social worker closes with an evaluation."""

import datetime
import re

import pytest
from django.utils import timezone

from dispatch.models import Dispatch
from needs.models import Need, Task
from needs.task_time import TaskTime
from qianniu.tests import factories as f
from qianniu.tests.browser import DESKTOP, PHONE, browser_marks, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = browser_marks


def sign_in(page, user):
    page.goto("/login/")
    page.fill("#id_username", user.phone)
    page.fill("#id_password", f.PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text(user.name)


def submit(page, form_selector):
    """Submit and wait for the page the server answers with (waiting for the load state alone can return
    before the click's navigation has begun)."""
    with page.expect_navigation(timeout=60_000):
        page.locator(f"{form_selector} button[type=submit]").click()


def open_answer(page, name):
    """Open one answer of the accordion and wait until its animation has ended."""
    page.click(f"[data-bs-target='#answer-{name}']")
    expect(page.locator(f"#answer-{name}")).to_have_class(re.compile(r"\bshow\b"))


def test_the_closed_loop_in_a_browser(world, page_for):
    from dictionaries.models import ServiceField

    life_care = ServiceField.objects.get(code="life_care")

    resident = page_for(PHONE)
    sign_in(resident, world.resident)
    resident.goto("/needs/ask/")
    resident.fill("textarea[name=description]", "想请人每周陪我聊聊天")
    submit(resident, "main form")
    need = Need.objects.get(recipient=world.recipient)
    shot(resident, "loop-1-resident-asked")

    worker = page_for(DESKTOP)
    sign_in(worker, world.social_worker)
    worker.goto(f"/needs/{need.pk}/")
    worker.select_option("form[action$='/triage/'] select[name=service_field]", str(life_care.pk))
    worker.select_option("form[action$='/triage/'] select[name=urgency]", "urgent")
    submit(worker, "form[action$='/triage/']")
    open_answer(worker, "dispatch")
    deadline = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    worker.select_option("#answer-dispatch select[name=department]", str(world.department.pk))
    worker.fill("#answer-dispatch input[name=deadline]", deadline)
    submit(worker, "#answer-dispatch form")
    dispatch = Dispatch.objects.get(need=need)
    shot(worker, "loop-2-worker-dispatched")

    liaison = page_for(DESKTOP)
    sign_in(liaison, world.liaison)
    liaison.goto(f"/dispatches/{dispatch.pk}/")
    submit(liaison, "form[action$='/accept/']")
    liaison.fill("form[action$='/complete/'] textarea[name=text]", "已核实，纳入临时救助")
    submit(liaison, "form[action$='/complete/']")
    expect(liaison.locator("[data-testid=dispatch-status]")).to_contain_text("已核实")
    shot(liaison, "loop-3-department-completed")

    worker.goto(f"/needs/{need.pk}/")
    open_answer(worker, "task")
    # The volunteer is found by searching (htmx), never by typing their number.
    worker.fill("#answer-task input[name=volunteer_q]", world.volunteer.user.name)
    worker.check(f"#answer-task input[name=volunteer][value='{world.volunteer.pk}']")
    worker.fill("#answer-task textarea[name=what]", "陪伴聊天一小时")
    worker.fill("#answer-task input[name=on]", timezone.localdate().isoformat())
    worker.fill("#answer-task input[name=place]", "3号楼2单元")
    worker.fill("#answer-task input[name=contact]", "苏日娜 社工站")
    submit(worker, "#answer-task form")
    task = Task.objects.get(need=need)

    volunteer = page_for(PHONE)
    sign_in(volunteer, world.volunteer_user)
    volunteer.goto("/tasks/")
    volunteer.click(f"a[href='/tasks/{task.pk}/']")
    expect(volunteer.locator("main")).to_contain_text("韩*兰")
    expect(volunteer.locator("main")).not_to_contain_text("韩桂兰")
    shot(volunteer, "loop-4-volunteer-task")
    submit(volunteer, "form[action$='/accept/']")
    submit(volunteer, "form[action$='/service/start/']")  # at the door
    TaskTime.objects.filter(task=task).update(started_at=timezone.now() - datetime.timedelta(minutes=65))
    submit(volunteer, "form[action$='/service/end/']")  # an hour later
    expect(volunteer.locator("[data-testid=task-status]")).to_contain_text("已完成")
    expect(volunteer.locator("[data-testid=my-service-state]")).to_contain_text("等待社工")
    shot(volunteer, "loop-4b-volunteer-service-ended")

    worker.goto(f"/tasks/{task.pk}/")
    submit(worker, "[data-testid=service-times] form[action$='/confirm/']")
    expect(worker.locator("[data-testid=service-times]")).to_contain_text("已记入")

    worker.goto(f"/needs/{need.pk}/close/")
    submit(worker, "main form")  # nothing chosen: refused with a message, nothing ends
    expect(worker.locator(".errorlist").first).to_be_visible()
    worker.check("input[name=how][value=evaluated]")
    worker.check("input[name=satisfaction][value='5']")
    worker.fill("textarea[name=comment]", "很满意")
    submit(worker, "main form")
    expect(worker.locator("[data-testid=status]")).to_contain_text("已评价结案")
    timeline = worker.locator("[data-testid=timeline] li")
    expect(timeline).to_have_count(16)  # with the service's start, end, confirmation and credit
    shot(worker, "loop-5-closed-timeline")
    need.refresh_from_db()
    assert need.status == "closed" and need.evaluation.satisfaction == 5
