"""The events test_wiring.py leaves out: a task declined, a dispatch completed, a need escalated, a case's closure
waiting and decided, a referral sent and accepted, a matching run finished (of a county, and of a city once its
last county is done). Each is asserted on the person told, with the text they read."""

import datetime

import pytest
from django.utils import timezone, translation

from casework import services as casework
from casework.tests.conftest import FRAIL, FULL
from casework.tests.test_referrals_and_crises import agency_worker
from dispatch import services as dispatch
from matching import execution
from matching import services as matching
from matching.forms import next_monday
from needs import services as needs
from notifications.models import Message, Notification
from people.models import Role
from qianniu.tests import factories as f


@pytest.fixture
def supervisor(world):
    user = f.UserFactory(name="督导赵")
    f.grant(user, Role.SUPERVISOR, region=world.township)
    return user


@pytest.fixture
def case(world):
    return casework.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="独居")


def titles(user) -> list[str]:
    return list(Notification.objects.filter(person=user).order_by("pk").values_list("title", flat=True))


def test_a_declined_task_tells_the_worker_who_offered_it(world, need):
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, what="更换灯泡")
    needs.task_answer(task=task, volunteer=world.volunteer, accept=False, reason="那天出差")
    assert titles(world.social_worker) == ["张三 谢绝了任务“更换灯泡”。"]
    assert Notification.objects.get(person=world.social_worker).url == f"/needs/{need.pk}/"
    assert titles(world.other_social_worker) == []


def test_a_completed_dispatch_tells_its_sender(world, need):
    sent = f.dispatched(need, by=world.social_worker, department=world.department)
    dispatch.dispatch_complete(dispatch=sent, by=world.liaison, result="已派人上门更换")
    assert titles(world.social_worker) == ["科左中旗民政局已办结派单。"]
    assert (
        Message.objects.get(person=world.social_worker, kind="dispatch_completed").text == "科左中旗民政局已办结派单。"
    )


def test_an_overdue_need_is_escalated_to_the_areas_workers_and_supervisors_once(world, need, supervisor):
    later = timezone.now() + datetime.timedelta(days=30)
    needs.escalate_overdue(now=later)
    needs.escalate_overdue(now=later + datetime.timedelta(hours=1))
    told = Notification.objects.filter(event_key=f"need:{need.pk}:escalated")
    assert set(told.values_list("person__name", flat=True)) == {"苏日娜", "督导赵"}
    assert told.count() == 2
    assert titles(supervisor) == ["有一项需求超过响应时限仍未处理。"]
    assert titles(world.other_social_worker) == []


def _to_closure(case, world, supervisor):
    casework.case_agree(case=case, by=world.social_worker, signed_on=timezone.localdate())
    casework.case_assess(case=case, by=world.social_worker, barthel_answers=FRAIL, risks={})
    casework.case_submit_plan(case=case, by=world.social_worker, goals=["每周两次上门"])
    case = casework.case_review(case=case, by=supervisor, approve=True)
    outcomes = {goal.pk: "met" for goal in case.goals.all()}
    return casework.case_evaluate(case=case, by=world.social_worker, outcomes=outcomes, barthel_answers=FULL)


def test_a_closure_waits_for_the_supervisor_and_the_worker_hears_it_returned_then_approved(
    world, case, supervisor, settings
):
    settings.CASEWORK_APPROVALS = ["plan", "closure"]
    case = _to_closure(case, world, supervisor)
    casework.case_request_closure(case=case, by=world.social_worker, reason="goals_met")
    assert titles(supervisor)[-1] == f"个案 #{case.pk}：结案等待您审核。"
    casework.case_review(case=case, by=supervisor, approve=False, comment="请补充评估记录")
    assert titles(world.social_worker)[-1] == f"个案 #{case.pk}：结案已退回。"
    outcomes = {goal.pk: "met" for goal in case.goals.all()}
    casework.case_evaluate(case=case, by=world.social_worker, outcomes=outcomes, barthel_answers=FULL)
    casework.case_request_closure(case=case, by=world.social_worker, reason="goals_met")
    assert titles(supervisor)[-1] == f"个案 #{case.pk}：结案等待您审核。"
    assert len([t for t in titles(supervisor) if "结案等待" in t]) == 2  # each request is its own event
    casework.case_review(case=case, by=supervisor, approve=True)
    assert titles(world.social_worker)[-1] == f"个案 #{case.pk}：结案已通过。"
    assert titles(world.other_social_worker) == []


def test_a_decision_taken_in_english_still_reads_in_chinese(world, case, supervisor, settings):
    """The texts are in the site's language whatever the language of the page the decision was taken on."""
    settings.CASEWORK_APPROVALS = ["plan", "closure"]
    case = _to_closure(case, world, supervisor)
    with translation.override("en"):
        casework.case_request_closure(case=case, by=world.social_worker, reason="goals_met")
        casework.case_review(case=case, by=supervisor, approve=True)
    assert titles(supervisor)[-1] == f"个案 #{case.pk}：结案等待您审核。"
    assert titles(world.social_worker)[-1] == f"个案 #{case.pk}：结案已通过。"
    message = Message.objects.filter(person=world.social_worker, kind="case_decided").latest("pk")
    assert message.params == {"case": f"#{case.pk}", "step": "结案", "decision": "已通过"}


def test_a_referral_tells_the_receiving_agency_and_its_acceptance_tells_the_worker(world, case):
    receiver, agency = agency_worker(world, "高社工", "旗心理援助中心")
    stranger, _other = agency_worker(world, "钱社工", "另一家社工机构")
    casework.case_agree(case=case, by=world.social_worker, signed_on=timezone.localdate())
    referral = casework.referral_send(
        case=case, by=world.social_worker, to=agency, reason="需要专业心理评估", consent="本人"
    )
    assert titles(receiver) == [f"个案 #{case.pk} 已转介给您。"]
    assert titles(stranger) == []
    assert Notification.objects.get(person=receiver).url == "/cases/referrals/"
    casework.referral_answer(referral=referral, by=receiver, accept=True)
    assert titles(world.social_worker) == [f"旗心理援助中心已接收个案 #{case.pk} 的转介。"]


def test_a_declined_referral_tells_nobody_it_was_accepted(world, case):
    receiver, agency = agency_worker(world, "高社工", "旗心理援助中心")
    casework.case_agree(case=case, by=world.social_worker, signed_on=timezone.localdate())
    referral = casework.referral_send(case=case, by=world.social_worker, to=agency, reason="评估", consent="本人")
    casework.referral_answer(referral=referral, by=receiver, accept=False, note="名额已满")
    assert titles(world.social_worker) == []


def test_a_finished_matching_run_tells_the_one_who_started_it(world):
    run = matching.run_create(region=world.community, starts_on=next_monday(), weeks=1, by=world.county_admin)
    execution.run_execute(run.pk)
    assert titles(world.county_admin) == [f"匹配 #{run.pk} 已完成：建议 0 项，0 项无合适志愿者。"]
    assert Notification.objects.get(person=world.county_admin).url == f"/matching/{run.pk}/"


def test_a_city_run_tells_its_starter_once_when_its_last_county_is_done(world):
    city = world.county.parent
    second = f.region("150522", "科尔沁左翼后旗", "county", city)
    f.region("150522100001", "甘旗卡镇社区", "community", second)
    admin = f.UserFactory(name="市管理员")
    f.grant(admin, Role.REGION_ADMIN, region=city)
    run = matching.run_create(region=city, starts_on=next_monday(), weeks=1, by=admin)
    first, other = run.children.order_by("region__path")
    execution.run_execute(first.pk)
    assert titles(admin) == []
    execution.run_execute(other.pk)
    assert titles(admin) == [f"匹配 #{run.pk} 已完成：建议 0 项，0 项无合适志愿者。"]
