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
