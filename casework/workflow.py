"""The steps of a case (MZ/T 094-2017) as one table: 接案 → 预估 → 计划 → 介入 → 评估 → 结案, and reopening.

The plan and the closure wait for a supervisor of the case's area, who approves or returns them; a
supervisor does not decide a case they hold or are the person of. When the settings do not require an
approval (`CASEWORK_APPROVALS`), it is taken at once, automatically."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.models import Action, Case, CaseEvent, Stage
from core.workflow import Actor, Step, Wait, Workflow
from people.models import Role, RoleGrant


class CaseError(ValueError):
    """A step the case's state or the user's role does not allow; the message says why."""


def is_supervisor_of(user, case: Case) -> bool:
    paths = RoleGrant.objects.filter(user=user, role=Role.SUPERVISOR).values_list("region__path", flat=True)
    return any(case.region.path.startswith(path) for path in paths)


# Steps that end a case go ahead without a guardian's consent: a withdrawal must not keep a case open.
CLOSING_ACTIONS = {Action.REQUEST_CLOSURE, Action.APPROVE_CLOSURE, Action.RETURN_CLOSURE}


def consent_refusal(case: Case) -> str:
    """Why the case of a child under 14 cannot go on (PIPL Art. 31): no guardian's consent is in force,
    because it was withdrawn or never recorded. "" when it may go on."""
    from people.models import ConsentKind

    recipient = case.recipient
    if recipient.is_child_under_14 and not recipient.consents.active().filter(kind=ConsentKind.GUARDIAN).exists():
        return _(
            "The guardian's consent for this child under 14 has been withdrawn or is missing: only closing the "
            "case can go ahead until a new consent is recorded."
        )
    return ""


def require_consent(case: Case, action: str = "") -> None:
    if action in CLOSING_ACTIONS:
        return
    refusal = consent_refusal(case)
    if refusal:
        raise CaseError(refusal)


def case_event_record(case: Case, *, action: str, from_status: str, to_status: str, by, note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, action=action, from_status=from_status, to_status=to_status, by=by, note=note
    )


def case_event_add(case: Case, action: str, by, note: str = "") -> CaseEvent:
    """An event that keeps the status (a crisis flagged, a first response, a referral ...)."""
    return case_event_record(case, action=action, from_status=case.status, to_status=case.status, by=by, note=note)


WORKER = Actor(
    lambda user, case: user.pk == case.social_worker_id, gettext_lazy("Only the case's social worker can do this.")
)
SUPERVISOR = Actor(is_supervisor_of, gettext_lazy("Only a supervisor of the case's area can do this."))
OWN_CASE = gettext_lazy("A supervisor cannot approve their own case.")
NO_APPROVAL = gettext_lazy("No supervisor approval is required.")


def _decision(sources, target):
    return Step(frozenset(sources), target, "supervisor", not_own=True, own_refusal=OWN_CASE)


CASE_FLOW = Workflow(
    model=Case,
    error=CaseError,
    record=case_event_record,
    actors={"worker": WORKER, "supervisor": SUPERVISOR},
    action_label=lambda action: Action(action).label,
    status_label=lambda status: Stage(status).label,
    refusal=gettext_lazy("“%(action)s” cannot be done while the case is at “%(status)s”."),
    guard=lambda case, action: require_consent(case, action),
    related=("region", "recipient"),
    waits={
        Stage.PLAN_REVIEW: Wait(Action.APPROVE_PLAN, lambda case: "plan" in settings.CASEWORK_APPROVALS, NO_APPROVAL),
        Stage.CLOSURE_REVIEW: Wait(
            Action.APPROVE_CLOSURE, lambda case: "closure" in settings.CASEWORK_APPROVALS, NO_APPROVAL
        ),
    },
    steps={
        Action.AGREE: Step(frozenset({Stage.INTAKE}), Stage.ASSESSMENT, "worker"),
        Action.ASSESS: Step(frozenset({Stage.ASSESSMENT}), Stage.PLANNING, "worker"),
        Action.SUBMIT_PLAN: Step(frozenset({Stage.PLANNING}), Stage.PLAN_REVIEW, "worker"),
        Action.APPROVE_PLAN: _decision({Stage.PLAN_REVIEW}, Stage.INTERVENTION),
        Action.RETURN_PLAN: _decision({Stage.PLAN_REVIEW}, Stage.PLANNING),
        Action.EVALUATE: Step(frozenset({Stage.INTERVENTION}), Stage.EVALUATION, "worker"),
        Action.REQUEST_CLOSURE: Step(frozenset({Stage.EVALUATION}), Stage.CLOSURE_REVIEW, "worker"),
        Action.APPROVE_CLOSURE: _decision({Stage.CLOSURE_REVIEW}, Stage.CLOSED),
        Action.RETURN_CLOSURE: _decision({Stage.CLOSURE_REVIEW}, Stage.INTERVENTION),
        Action.REOPEN: Step(frozenset({Stage.CLOSED}), Stage.ASSESSMENT, "worker"),
    },
)
