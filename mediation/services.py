"""The mediation loop: record the dispute, assign a trained mediator, hold sessions, record the agreement or
its absence, visit again and evaluate. Each step goes through the dispute's table (mediation/workflow.py):
the dispute locked, the step checked, who took it recorded as a DisputeEvent."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ledger.models import Qualification
from ledger.services import holds_qualification
from mediation.models import MEDIATION_QUALIFICATION, Dispute, DisputeAction, MediationSession, Party
from mediation.workflow import DISPUTE_FLOW, MediationError, dispute_event_record


@transaction.atomic
def dispute_record(*, kind: str, region, description: str, reported_by: str, parties: list[tuple[str, str]], by):
    """发现问题: the dispute and its parties (at least two)."""
    parties = [(name.strip(), side.strip()) for name, side in parties if name.strip()]
    if len(parties) < 2:
        raise MediationError(_("A dispute has at least two parties."))
    dispute = Dispute.objects.create(
        kind=kind, region=region, description=description, reported_by=reported_by, social_worker=by
    )
    Party.objects.bulk_create([Party(dispute=dispute, name=name, side=side) for name, side in parties])
    dispute_event_record(dispute, action=DisputeAction.RECORDED, from_status="", to_status=dispute.status, by=by)
    return dispute


@transaction.atomic
def dispute_assign(*, dispute: Dispute, by, mediator) -> Dispute:
    """介入干预 begins with a mediator who holds the mediation qualification, valid today."""

    def qualified(dispute):
        if mediator.status != "registered":
            raise MediationError(_("This volunteer's registration is not active."))
        qualification = Qualification.objects.filter(name=MEDIATION_QUALIFICATION).first()
        if qualification is None or not holds_qualification(mediator, qualification, timezone.localdate()):
            raise MediationError(
                _("The mediator must hold a valid “%(name)s” qualification.") % {"name": MEDIATION_QUALIFICATION}
            )

    return DISPUTE_FLOW.take(
        dispute, DisputeAction.ASSIGN, by=by, note=mediator.user.name, changes={"mediator": mediator}, check=qualified
    )


@transaction.atomic
def session_record(*, dispute: Dispute, on: datetime.date, notes: str, by) -> MediationSession:
    dispute = DISPUTE_FLOW.take(dispute, DisputeAction.SESSION, by=by)
    return MediationSession.objects.create(dispute=dispute, on=on, notes=notes, by=by)


@transaction.atomic
def dispute_conclude(*, dispute: Dispute, by, reached: bool, agreement: str, follow_up_on: datetime.date) -> Dispute:
    """The intervention ends with an agreement or without one; a follow-up visit is planned either way."""

    def concludable(dispute):
        if not dispute.sessions.exists():
            raise MediationError(_("Conclude after at least one mediation session."))
        if reached and not agreement.strip():
            raise MediationError(_("Write down what was agreed."))

    changes = {"agreement_reached": reached, "agreement": agreement.strip(), "follow_up_on": follow_up_on}
    return DISPUTE_FLOW.take(dispute, DisputeAction.CONCLUDE, by=by, changes=changes, check=concludable)


@transaction.atomic
def dispute_evaluate(*, dispute: Dispute, by, resolved: bool, satisfaction: int, note: str) -> Dispute:
    """效果评估 after the follow-up visit, by a worker who was not the mediator."""
    changes = {"resolved": resolved, "satisfaction": satisfaction, "follow_up_note": note.strip()}
    return DISPUTE_FLOW.take(dispute, DisputeAction.EVALUATE, by=by, changes=changes)
