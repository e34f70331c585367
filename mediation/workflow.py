"""The mediation loop as one table: 发现问题 → 介入干预 → 效果评估.

A worker of the dispute's community assigns a trained mediator and concludes the intervention; sessions are
recorded by such a worker or by the mediator; the effect is evaluated after the follow-up visit by someone
other than the mediator. Every step leaves a DisputeEvent."""

from django.utils.translation import gettext_lazy as _

from core.access import can_change
from core.workflow import Actor, Step, Workflow
from mediation.models import Dispute, DisputeAction, DisputeEvent, DisputeStage


class MediationError(ValueError):
    """A step the dispute's state does not allow; the message says why."""


def dispute_event_record(dispute: Dispute, *, action: str, from_status: str, to_status: str, by, note: str = ""):
    return DisputeEvent.objects.create(
        dispute=dispute, action=action, from_status=from_status, to_status=to_status, by=by, note=note
    )


def _mediating(user, dispute: Dispute) -> bool:
    return can_change(user, dispute) or (dispute.mediator_id is not None and dispute.mediator.user_id == user.pk)


STAFF = Actor(can_change, _("Only the workers of the dispute's community can do this."))
MEDIATING = Actor(_mediating, _("Only the mediator or a worker of the dispute's community can do this."))

DISPUTE_FLOW = Workflow(
    model=Dispute,
    error=MediationError,
    record=dispute_event_record,
    actors={"staff": STAFF, "mediating": MEDIATING},
    action_label=lambda action: DisputeAction(action).label,
    status_label=lambda status: DisputeStage(status).label,
    steps={
        DisputeAction.ASSIGN: Step(
            frozenset({DisputeStage.FOUND, DisputeStage.INTERVENING}),
            DisputeStage.INTERVENING,
            "staff",
            refusal=_("The mediation is over."),
        ),
        DisputeAction.SESSION: Step(
            frozenset({DisputeStage.INTERVENING}),
            None,
            "mediating",
            refusal=_("Sessions are held during the intervention."),
        ),
        DisputeAction.CONCLUDE: Step(
            frozenset({DisputeStage.INTERVENING}),
            DisputeStage.FOLLOW_UP,
            "staff",
            refusal=_("Conclude after at least one mediation session."),
        ),
        DisputeAction.EVALUATE: Step(
            frozenset({DisputeStage.FOLLOW_UP}),
            DisputeStage.EVALUATED,
            "staff",
            not_own=True,
            own_refusal=_("A mediator does not evaluate the effect of their own mediation."),
            refusal=_("Evaluate after the follow-up visit."),
        ),
    },
)
