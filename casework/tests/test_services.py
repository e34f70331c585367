import datetime

import pytest
from django.db import connection

from casework import services
from casework.models import Case, CaseNote, Stage
from casework.tests.conftest import FRAIL, FULL


def walk_to_intervention(case, world, supervisor):
    services.case_agree(case=case, by=world.social_worker, signed_on=datetime.date(2026, 11, 20))
    services.case_assess(case=case, by=world.social_worker, barthel_answers=FRAIL, risks={"isolation": True})
    services.case_submit_plan(case=case, by=world.social_worker, goals=["每周两次上门探访", "参加社区活动"])
    return services.case_review(case=case, by=supervisor, approve=True)


def test_a_case_walks_every_step_with_the_supervisors_approvals(world, case, supervisor):
    case = walk_to_intervention(case, world, supervisor)
    assert case.status == Stage.INTERVENTION
    outcomes = {goal.pk: "met" for goal in case.goals.all()}
    case = services.case_evaluate(case=case, by=world.social_worker, outcomes=outcomes, barthel_answers=FULL)
    case = services.case_request_closure(case=case, by=world.social_worker, reason="goals_met")
    assert case.status == Stage.CLOSURE_REVIEW
    case = services.case_review(case=case, by=supervisor, approve=True)
    assert case.status == Stage.CLOSED and case.closed_at is not None
    assert [e.action for e in case.events.all()] == [
        "open", "agree", "assess", "submit_plan", "approve_plan", "evaluate", "request_closure", "approve_closure",
    ]  # fmt: skip
    scores = {(a.kind, a.phase): a.score for a in case.assessments.all()}
    assert scores[("barthel", "before")] == 75 and scores[("barthel", "after")] == 100
    case = services.case_reopen(case=case, by=world.social_worker, reason="老人再次独居")
    assert case.status == Stage.ASSESSMENT and case.close_reason == ""


def test_an_illegal_step_is_refused_with_the_reason(world, case, supervisor):
    with pytest.raises(services.CaseError, match="cannot be done|不能"):
        services.case_request_closure(case=case, by=world.social_worker, reason="goals_met")
    assert Case.objects.get(pk=case.pk).status == Stage.INTAKE
    services.case_agree(case=case, by=world.social_worker, signed_on=datetime.date(2026, 11, 20))
    with pytest.raises(services.CaseError, match="没有待督导审核的内容"):
        services.case_review(case=case, by=supervisor, approve=True)  # nothing waits for the supervisor


def test_only_the_worker_steps_and_only_a_supervisor_of_the_area_approves(world, case, supervisor):
    with pytest.raises(services.CaseError, match="只有本个案的社工"):
        services.case_agree(case=case, by=world.other_social_worker, signed_on=datetime.date(2026, 11, 20))
    services.case_agree(case=case, by=world.social_worker, signed_on=datetime.date(2026, 11, 20))
    services.case_assess(case=case, by=world.social_worker, barthel_answers=FRAIL, risks={})
    services.case_submit_plan(case=case, by=world.social_worker, goals=["探访"])
    with pytest.raises(services.CaseError, match="只有本地区的督导"):
        services.case_review(case=case, by=world.social_worker, approve=True)  # no approving one's own plan
    with pytest.raises(services.CaseError, match="退回时请说明"):
        services.case_review(case=case, by=supervisor, approve=False, comment="")  # a return says why
    case = services.case_review(case=case, by=supervisor, approve=False, comment="目标要具体、可衡量")
    assert case.status == Stage.PLANNING


def test_a_risk_of_self_harm_flags_the_case_as_a_crisis(world, case):
    services.case_agree(case=case, by=world.social_worker, signed_on=datetime.date(2026, 11, 20))
    services.case_assess(case=case, by=world.social_worker, barthel_answers=FULL, risks={"self_harm": True})
    assert Case.objects.get(pk=case.pk).crisis


def test_case_text_is_not_stored_in_plain_text(world, case):
    services.case_note_add(
        case=case, by=world.social_worker, contact_type="phone", minutes=20, content="老人说最近睡不好"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM casework_casenote")
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT presenting_problem FROM casework_case")
        problem = cursor.fetchone()[0]
    assert "睡不好" not in stored and "独居" not in problem
    assert CaseNote.objects.get().content == "老人说最近睡不好"
    assert Case.objects.get().presenting_problem == "独居，近来情绪低落"


def test_a_child_under_14_needs_the_guardians_consent_first(world):
    from qianniu.tests import factories as f

    child = f.recipient(name="小明", region=world.community, birth_date=datetime.date(2018, 5, 1))
    with pytest.raises(services.CaseError, match="请先登记监护人同意"):
        services.case_open(recipient=child, by=world.social_worker, presenting_problem="留守")


def test_approvals_the_settings_do_not_require_are_recorded_as_automatic(world, case, settings):
    settings.CASEWORK_APPROVALS = ["closure"]
    services.case_agree(case=case, by=world.social_worker, signed_on=datetime.date(2026, 11, 20))
    services.case_assess(case=case, by=world.social_worker, barthel_answers=FRAIL, risks={})
    case = services.case_submit_plan(case=case, by=world.social_worker, goals=["探访"])
    assert case.status == Stage.INTERVENTION  # straight on, no supervisor needed for plans
    approval = case.events.get(action="approve_plan")
    assert approval.by == world.social_worker and approval.note
    outcomes = {goal.pk: "met" for goal in case.goals.all()}
    case = services.case_evaluate(case=case, by=world.social_worker, outcomes=outcomes, barthel_answers=FULL)
    case = services.case_request_closure(case=case, by=world.social_worker, reason="goals_met")
    assert case.status == Stage.CLOSURE_REVIEW  # closures still wait
