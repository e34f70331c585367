"""Every change to a case: open it, take a step of the one transition table, record assessments and notes.
Each step locks the case, checks who may take it, and writes a timed CaseEvent."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import barthel
from casework.models import (
    SUPERVISOR_ACTIONS,
    TRANSITIONS,
    WORKER_ACTIONS,
    Action,
    Assessment,
    AssessmentKind,
    Case,
    CaseEvent,
    CaseNote,
    Goal,
    Phase,
    Stage,
)
from people.models import AccessLog, Role, RoleGrant

RISK_ITEMS = ("self_harm", "abuse", "neglect", "isolation")
CRISIS_RISKS = {"self_harm", "abuse"}


class CaseError(ValueError):
    """A step the case's state or the user's role does not allow; the message says why."""


def is_supervisor_of(user, case: Case) -> bool:
    paths = RoleGrant.objects.filter(user=user, role=Role.SUPERVISOR).values_list("region__path", flat=True)
    return any(case.region.path.startswith(path) for path in paths)


def _step(case: Case, action: str, by, note: str = "") -> Case:
    """Take one step of TRANSITIONS, or refuse it with the reason."""
    case = Case.objects.select_for_update().select_related("region").get(pk=case.pk)
    target = TRANSITIONS.get((case.stage, action))
    if target is None:
        raise CaseError(
            _("“%(action)s” cannot be done while the case is at “%(stage)s”.")
            % {"action": Action(action).label, "stage": Stage(case.stage).label}
        )
    if action in WORKER_ACTIONS and by.pk != case.social_worker_id:
        raise CaseError(_("Only the case's social worker can do this."))
    if action in SUPERVISOR_ACTIONS and not is_supervisor_of(by, case):
        raise CaseError(_("Only a supervisor of the case's area can do this."))
    CaseEvent.objects.create(case=case, action=action, from_stage=case.stage, to_stage=target, by=by, note=note)
    case.stage = target
    case.save(update_fields=["stage"])
    return case


@transaction.atomic
def case_open(*, recipient, by, presenting_problem: str, need=None) -> Case:
    """Intake: a case for a person, from a need or direct. A child under 14 needs the guardian's consent on
    file first."""
    if recipient.is_child_under_14 and not recipient.consents.filter(withdrawn_at__isnull=True).exists():
        raise CaseError(_("Record the guardian's consent before opening a case for a child under 14."))
    case = Case.objects.create(
        recipient=recipient,
        need=need,
        region=recipient.region,
        social_worker=by,
        presenting_problem=presenting_problem,
    )
    CaseEvent.objects.create(case=case, action=Action.OPEN, to_stage=Stage.INTAKE, by=by)
    if need is not None:
        from needs.services import need_open_case

        need_open_case(need=need, by=by)
    return case


@transaction.atomic
def case_agree(*, case: Case, by, signed_on: datetime.date) -> Case:
    case = _step(case, Action.AGREE, by)
    case.agreement_on = signed_on
    case.save(update_fields=["agreement_on"])
    return case


def _record(case: Case, *, kind: str, phase: str, answers: dict, by) -> Assessment:
    if kind == AssessmentKind.BARTHEL:
        try:
            total = barthel.score(answers)
        except barthel.InvalidAnswers:
            raise CaseError(_("Answer each of the ten Barthel items with one of its scores.")) from None
        return Assessment.objects.create(
            case=case, kind=kind, phase=phase, answers=answers, score=total, level=barthel.level(total), by=by
        )
    flags = {item: bool(answers.get(item)) for item in RISK_ITEMS}
    assessment = Assessment.objects.create(
        case=case, kind=kind, phase=phase, answers=flags, score=sum(flags.values()), by=by
    )
    if any(flags[item] for item in CRISIS_RISKS) and not case.crisis:
        case.crisis = True
        case.save(update_fields=["crisis"])
    return assessment


@transaction.atomic
def case_assess(*, case: Case, by, barthel_answers: dict, risks: dict) -> Case:
    """预估: the Barthel form and the risk screen. A risk of self-harm or abuse flags the case as a crisis."""
    case = _step(case, Action.ASSESS, by)
    _record(case, kind=AssessmentKind.BARTHEL, phase=Phase.BEFORE, answers=barthel_answers, by=by)
    _record(case, kind=AssessmentKind.RISK, phase=Phase.BEFORE, answers=risks, by=by)
    return case


@transaction.atomic
def case_submit_plan(*, case: Case, by, goals: list[str]) -> Case:
    goals = [goal.strip() for goal in goals if goal.strip()]
    if not goals:
        raise CaseError(_("A plan needs at least one goal."))
    case = _step(case, Action.SUBMIT_PLAN, by)
    case.goals.filter(outcome="").delete()
    Goal.objects.bulk_create([Goal(case=case, text=goal[:200]) for goal in goals])
    return case


@transaction.atomic
def case_review(*, case: Case, by, approve: bool, comment: str = "") -> Case:
    """The supervisor approves or returns the plan or the closure, whichever waits."""
    case = Case.objects.get(pk=case.pk)
    if case.stage == Stage.PLAN_REVIEW:
        action = Action.APPROVE_PLAN if approve else Action.RETURN_PLAN
    elif case.stage == Stage.CLOSURE_REVIEW:
        action = Action.APPROVE_CLOSURE if approve else Action.RETURN_CLOSURE
    else:
        raise CaseError(_("Nothing in this case waits for a supervisor."))
    if not approve and not comment.strip():
        raise CaseError(_("Say what should change when returning it."))
    case = _step(case, action, by, comment.strip())
    if action == Action.APPROVE_CLOSURE:
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
    return case


@transaction.atomic
def case_evaluate(*, case: Case, by, outcomes: dict[int, str], barthel_answers: dict) -> Case:
    """评估: each goal judged, and the Barthel form again, to compare with the assessment."""
    case = _step(case, Action.EVALUATE, by)
    goals = {goal.pk: goal for goal in case.goals.all()}
    if set(outcomes) != set(goals) or not all(value in Goal.Outcome.values for value in outcomes.values()):
        raise CaseError(_("Judge every goal of the plan."))
    for pk, outcome in outcomes.items():
        goals[pk].outcome = outcome
    Goal.objects.bulk_update(goals.values(), ["outcome"])
    _record(case, kind=AssessmentKind.BARTHEL, phase=Phase.AFTER, answers=barthel_answers, by=by)
    return case


@transaction.atomic
def case_request_closure(*, case: Case, by, reason: str) -> Case:
    from casework.models import CloseReason

    if reason not in CloseReason.values:
        raise CaseError(_("Choose a reason for closing."))
    case = _step(case, Action.REQUEST_CLOSURE, by)
    case.close_reason = reason
    case.save(update_fields=["close_reason"])
    return case


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str) -> Case:
    if not reason.strip():
        raise CaseError(_("Say why the case reopens."))
    case = _step(case, Action.REOPEN, by, reason.strip())
    case.closed_at, case.close_reason = None, ""
    case.save(update_fields=["closed_at", "close_reason"])
    return case


@transaction.atomic
def case_note_add(*, case: Case, by, contact_type: str, minutes: int, content: str) -> CaseNote:
    if by.pk != case.social_worker_id:
        raise CaseError(_("Only the case's social worker can do this."))
    if case.stage == Stage.CLOSED:
        raise CaseError(_("Reopen the case before adding to it."))
    return CaseNote.objects.create(case=case, contact_type=contact_type, minutes=minutes, content=content, by=by)


def case_read_logged(*, case: Case, user, ip: str | None = None) -> None:
    """Every read of a case leaves one row: who, which case, when."""
    AccessLog.objects.create(user=user, subject_type="case", subject_id=case.pk, field_name="case", ip=ip)
