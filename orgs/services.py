"""State changes of organisations and team memberships."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import check_not_own
from orgs import notify
from orgs.models import Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership


class MembershipError(ValueError):
    pass


@transaction.atomic
def organisation_save(*, organisation: Organisation, by, service_fields=None) -> Organisation:
    organisation.save()
    if service_fields is not None:
        organisation.service_fields.set(service_fields)
    return organisation


@transaction.atomic
def membership_apply(*, team: Organisation, volunteer) -> TeamMembership:
    """A volunteer asks to join a team; a leader approves. Applying again after a refusal or leaving
    reopens the application; applying twice is harmless."""
    if team.kind != Kind.TEAM or not team.active:
        raise MembershipError(_("Only an active volunteer team can be joined."))
    membership, created = TeamMembership.objects.select_for_update().get_or_create(team=team, volunteer=volunteer)
    if not created and membership.status in {MembershipStatus.REJECTED, MembershipStatus.LEFT}:
        membership.status = MembershipStatus.PENDING
        membership.role = MembershipRole.MEMBER
        membership.decided_at = membership.decided_by = None
        membership.applied_at = timezone.now()
        membership.save(update_fields=["status", "role", "decided_at", "decided_by", "applied_at"])
    if membership.status == MembershipStatus.PENDING:
        notify.application_waiting(membership)
    return membership


@transaction.atomic
def membership_decide(*, membership: TeamMembership, by, approve: bool, note: str = "") -> TeamMembership:
    membership = TeamMembership.objects.select_for_update().select_related("volunteer").get(pk=membership.pk)
    check_not_own(by, membership, MembershipError)
    if membership.status != MembershipStatus.PENDING:
        raise MembershipError(_("This application has been decided already."))
    if not approve and not note.strip():
        raise MembershipError(_("Please give a reason for refusing."))
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.note = note.strip()
    membership.save(update_fields=["status", "decided_at", "decided_by", "note"])
    notify.application_decided(membership, approve)
    return membership


ENDED = (MembershipStatus.LEFT, MembershipStatus.REJECTED)


def ended_message() -> str:
    return _("A volunteer listed left this team or was refused by it: a leader decides their new application.")


@transaction.atomic
def membership_enrol(*, team: Organisation, volunteer_id: int, by, leader: bool = False) -> bool:
    """A membership staff record from a team's roster (an import): the volunteer becomes an approved member,
    or its leader; a leader listed as a member stays leader. Returns whether anything changed, so a roster
    imported twice changes nothing the second time; a volunteer who left the team or was refused is not brought
    back by a roster (they apply again, and a leader decides). Nobody enrols themself (`check_not_own`): the
    membership is decided as an application is."""
    membership = TeamMembership.objects.select_for_update().filter(team=team, volunteer_id=volunteer_id).first()
    check_not_own(by, membership or TeamMembership(team=team, volunteer_id=volunteer_id), MembershipError)
    if membership is None:
        TeamMembership.objects.create(
            team=team, volunteer_id=volunteer_id, status=MembershipStatus.APPROVED, decided_at=timezone.now(),
            decided_by=by, role=MembershipRole.LEADER if leader else MembershipRole.MEMBER,
        )  # fmt: skip
        return True
    if membership.status in ENDED:
        raise MembershipError(ended_message())
    approved = membership.status == MembershipStatus.APPROVED
    role = MembershipRole.LEADER if leader or (approved and membership.role == MembershipRole.LEADER) else "member"
    if approved and membership.role == role:
        return False
    membership.status, membership.role = MembershipStatus.APPROVED, role
    membership.decided_at, membership.decided_by = timezone.now(), by
    membership.save(update_fields=["status", "role", "decided_at", "decided_by"])
    return True
