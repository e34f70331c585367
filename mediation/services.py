"""The mediation loop: record the dispute, assign a trained mediator, hold sessions, record the agreement or
its absence, visit again and evaluate."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import check_not_own
from ledger.models import Qualification
from ledger.services import holds_qualification
from mediation.models import MEDIATION_QUALIFICATION, Dispute, DisputeStage, MediationSession, Party


class MediationError(ValueError):
    """A step the dispute's state does not allow; the message says why."""


def _locked(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_for_update().get(pk=dispute.pk)


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
    return dispute


@transaction.atomic
def dispute_assign(*, dispute: Dispute, mediator) -> Dispute:
    """介入干预 begins with a mediator who holds the mediation qualification, valid today."""
    dispute = _locked(dispute)
    if dispute.stage not in {DisputeStage.FOUND, DisputeStage.INTERVENING}:
        raise MediationError(_("The mediation is over."))
    if mediator.status != "registered":
        raise MediationError(_("This volunteer's registration is not active."))
    qualification = Qualification.objects.filter(name=MEDIATION_QUALIFICATION).first()
    if qualification is None or not holds_qualification(mediator, qualification, timezone.localdate()):
        raise MediationError(
            _("The mediator must hold a valid “%(name)s” qualification.") % {"name": MEDIATION_QUALIFICATION}
        )
    dispute.mediator, dispute.stage = mediator, DisputeStage.INTERVENING
    dispute.save(update_fields=["mediator", "stage"])
    return dispute


@transaction.atomic
def session_record(*, dispute: Dispute, on: datetime.date, notes: str, by) -> MediationSession:
    dispute = _locked(dispute)
    if dispute.stage != DisputeStage.INTERVENING:
        raise MediationError(_("Sessions are held during the intervention."))
    return MediationSession.objects.create(dispute=dispute, on=on, notes=notes, by=by)


@transaction.atomic
def dispute_conclude(*, dispute: Dispute, reached: bool, agreement: str, follow_up_on: datetime.date) -> Dispute:
    """The intervention ends with an agreement or without one; a follow-up visit is planned either way."""
    dispute = _locked(dispute)
    if dispute.stage != DisputeStage.INTERVENING or not dispute.sessions.exists():
        raise MediationError(_("Conclude after at least one mediation session."))
    if reached and not agreement.strip():
        raise MediationError(_("Write down what was agreed."))
    dispute.agreement_reached, dispute.agreement = reached, agreement.strip()
    dispute.follow_up_on, dispute.stage = follow_up_on, DisputeStage.FOLLOW_UP
    dispute.save(update_fields=["agreement_reached", "agreement", "follow_up_on", "stage"])
    return dispute


@transaction.atomic
def dispute_evaluate(*, dispute: Dispute, by, resolved: bool, satisfaction: int, note: str) -> Dispute:
    """效果评估 after the follow-up visit, by a worker who was not the mediator."""
    dispute = _locked(dispute)
    check_not_own(by, dispute, MediationError, _("A mediator does not evaluate the effect of their own mediation."))
    if dispute.stage != DisputeStage.FOLLOW_UP:
        raise MediationError(_("Evaluate after the follow-up visit."))
    dispute.resolved, dispute.satisfaction, dispute.follow_up_note = resolved, satisfaction, note.strip()
    dispute.stage = DisputeStage.EVALUATED
    dispute.save(update_fields=["resolved", "satisfaction", "follow_up_note", "stage"])
    return dispute
