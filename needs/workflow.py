"""The steps of a need as one table: found → triaged → in service → served → closed with its evaluation, or
referred or withdrawn with a reason while it is open.

A need is answered by the apps that own each way of answering it (a task here, a dispatch, a resource, a
project service, a case): they decide who may give their answer, and the answer's own event is the
timeline's row, so the step "answer" and the step "serve" (the last open answer finished) are taken by the
product. The rest is taken by a worker who may change the need; nobody triages or evaluates a need that is
about them or that they served."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import can_change
from core.workflow import SYSTEM, Actor, Step, Workflow
from needs.models import OPEN_STATUSES, EventKind, Need, NeedEvent, Status


class NeedError(ValueError):
    """A step that the need's state does not allow; the message says why, in the user's language."""


class Action:
    TRIAGE = "triage"
    ANSWER = "answer"
    SERVE = "serve"
    MARK_SERVED = "mark_served"
    EVALUATE = "evaluate"
    REFER = "refer"
    WITHDRAW = "withdraw"


# The timeline row of each step; an answer's row is written by the app that gives it (task offered, dispatched…).
EVENT_OF = {
    Action.TRIAGE: EventKind.TRIAGED,
    Action.SERVE: EventKind.SERVED,
    Action.MARK_SERVED: EventKind.SERVED,
    Action.EVALUATE: EventKind.EVALUATED,  # the service adds CLOSED after the evaluation
    Action.REFER: EventKind.REFERRED,
    Action.WITHDRAW: EventKind.WITHDRAWN,
}


def need_event_record(need: Need, *, action: str, from_status: str, to_status: str, by, note: str = ""):
    kind = EVENT_OF.get(action)
    return NeedEvent.objects.create(need=need, kind=kind, by=by, note=note) if kind else None


def ended_already(need: Need) -> str:
    return _("This need has ended already (%(status)s).") % {"status": need.get_status_display()}


def not_answerable(need: Need) -> str:
    return _("Triage the need before answering it.") if need.status == Status.NEW else ended_already(need)


STAFF = Actor(can_change, gettext_lazy("Only the workers of the need's area can do this."))
OPEN = frozenset(OPEN_STATUSES)

NEED_FLOW = Workflow(
    model=Need,
    error=NeedError,
    record=need_event_record,
    actors={"staff": STAFF},
    steps={
        Action.TRIAGE: Step(
            frozenset({Status.NEW}),
            Status.TRIAGED,
            "staff",
            not_own=True,
            refusal=gettext_lazy("Only a need waiting for triage can be triaged."),
        ),
        Action.ANSWER: Step(
            frozenset({Status.TRIAGED, Status.IN_SERVICE, Status.SERVED}),
            Status.IN_SERVICE,
            SYSTEM,
            refusal=not_answerable,
        ),
        Action.SERVE: Step(frozenset({Status.IN_SERVICE}), Status.SERVED, SYSTEM),
        Action.MARK_SERVED: Step(
            frozenset({Status.IN_SERVICE}),
            Status.SERVED,
            "staff",
            refusal=gettext_lazy("Only a need being served can be marked as served."),
        ),
        Action.EVALUATE: Step(
            frozenset({Status.SERVED}),
            Status.CLOSED,
            "staff",
            not_own=True,
            own_refusal=gettext_lazy("The evaluation of a service is collected by someone who did not deliver it."),
            refusal=gettext_lazy("A need is evaluated once its service is complete."),
        ),
        Action.REFER: Step(OPEN, Status.REFERRED, "staff", refusal=ended_already),
        Action.WITHDRAW: Step(OPEN, Status.WITHDRAWN, "staff", refusal=ended_already),
    },
)
