"""State changes of staff accounts: a region admin creates, invites, changes and ends accounts and role grants
within their area; the invited person sets their password once through the link. Every change writes a
StaffEvent (who, when, what)."""

import datetime
import secrets

from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import scope_of
from orgs.models import Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership
from people.idcard import normalize_mobile
from people.models import REGION_ROLES, Role, RoleGrant, User, phone_index
from people.services import DuplicateRegistration, user_create, user_update_name
from regions.models import Region
from staff.models import DutyShift, Invitation, StaffAccount, StaffAction, StaffEvent, token_digest

INVITATION_LIFETIME = datetime.timedelta(hours=72)
TEAM_LEADER = Role.TEAM_LEADER


class StaffError(ValueError):
    """A change to staff the rules do not allow; the message says why."""


class InvitationGone(ValueError):
    """An invitation link that no longer works: used, expired, replaced, or never made."""


def _event(user, action: str, by, detail: str = "") -> StaffEvent:
    return StaffEvent.objects.create(user=user, action=action, by=by, detail=detail[:300])


def _not_self(by, user) -> None:
    if by.pk == user.pk:
        raise StaffError(_("Nobody changes their own account or roles here: another admin of your area will."))


def _place_of(*, region=None, organisation=None) -> Region:
    return region if region is not None else organisation.region


def _check_area(by, *, role: str, place: Region) -> None:
    """The grant lies in the admin's area; a region admin is appointed only for an area below theirs."""
    scope = scope_of(by)
    if scope.everything:
        return
    if not any(place.path.startswith(path) for path in scope.admin_paths):
        raise StaffError(_("You may grant and end roles only within your own area."))
    if role == Role.REGION_ADMIN and place.path in scope.admin_paths:
        raise StaffError(_("A region admin is appointed for an area below your own, never for your own area."))


def role_label(role: str) -> str:
    return Role(role).label


def grant_text(role: str, place) -> str:
    return f"{role_label(role)} · {place}"


@transaction.atomic
def staff_grant_add(*, by, user: User, role: str, region=None, organisation=None):
    """Grant a role: a region role over a region, a liaison over a department, a team leader over a team (the
    account must be a registered volunteer). Returns the grant or the leader's membership."""
    _not_self(by, user)
    if not user.is_active:
        raise StaffError(_("This account has ended; restore it first."))
    if role in REGION_ROLES:
        if region is None:
            raise StaffError(_("Choose the area of this role."))
        organisation = None
    elif role == Role.DEPARTMENT_LIAISON:
        if organisation is None or organisation.kind != Kind.DEPARTMENT:
            raise StaffError(_("Choose the department of this liaison."))
        region = None
    elif role == TEAM_LEADER:
        if organisation is None or organisation.kind != Kind.TEAM:
            raise StaffError(_("Choose the team this person leads."))
        region = None
    else:
        raise StaffError(_("This role is not granted here."))
    place = _place_of(region=region, organisation=organisation)
    _check_area(by, role=role, place=place)
    if role == TEAM_LEADER:
        return _leader_add(by=by, user=user, team=organisation)
    if RoleGrant.objects.filter(user=user, role=role, region=region, organisation=organisation).exists():
        raise StaffError(_("This person holds this role here already."))
    grant = RoleGrant.objects.create(user=user, role=role, region=region, organisation=organisation, granted_by=by)
    _event(user, StaffAction.GRANTED, by, grant_text(role, place))
    return grant


def _leader_add(*, by, user: User, team: Organisation) -> TeamMembership:
    volunteer = getattr(user, "volunteer", None)
    if volunteer is None:
        raise StaffError(_("A team leader is a registered volunteer: register this person as a volunteer first."))
    membership = TeamMembership.objects.select_for_update().filter(team=team, volunteer=volunteer).first()
    if membership is None:
        membership = TeamMembership(team=team, volunteer=volunteer)
    elif membership.role == MembershipRole.LEADER and membership.status == MembershipStatus.APPROVED:
        raise StaffError(_("This person holds this role here already."))
    membership.role = MembershipRole.LEADER
    membership.status = MembershipStatus.APPROVED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save()
    _event(user, StaffAction.GRANTED, by, grant_text(TEAM_LEADER, team))
    return membership


def _keep_in_view(user: User, place: Region, by) -> None:
    """An account keeps the area it was brought into, so its admins still find it after its last role ends."""
    StaffAccount.objects.get_or_create(user=user, defaults={"region": place, "created_by": by})


@transaction.atomic
def staff_grant_end(*, by, grant: RoleGrant) -> None:
    """End a role grant at once: the holder's next request is made without it."""
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("region", "organisation__region")
        .get(pk=grant.pk)
    )
    user = grant.user
    _not_self(by, user)
    place = _place_of(region=grant.region, organisation=grant.organisation)
    _check_area(by, role=grant.role, place=place)
    _keep_in_view(user, place, by)
    text = grant_text(grant.role, grant.region or grant.organisation)
    grant.delete()
    _event(user, StaffAction.GRANT_ENDED, by, text)


@transaction.atomic
def staff_leadership_end(*, by, membership: TeamMembership) -> TeamMembership:
    """The leader of a team stays a member of it."""
    membership = (
        TeamMembership.objects.select_for_update(of=("self",))
        .select_related("team__region", "volunteer__user")
        .get(pk=membership.pk)
    )
    user = membership.volunteer.user
    _not_self(by, user)
    _check_area(by, role=TEAM_LEADER, place=membership.team.region)
    _keep_in_view(user, membership.team.region, by)
    membership.role = MembershipRole.MEMBER
    membership.save(update_fields=["role"])
    _event(user, StaffAction.GRANT_ENDED, by, grant_text(TEAM_LEADER, membership.team))
    return membership


def _invitation_make(*, by, user: User) -> str:
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user, token_digest=token_digest(token), created_by=by, expires_at=now + INVITATION_LIFETIME
    )
    _event(user, StaffAction.INVITED, by)
    return token


@transaction.atomic
def staff_create(*, by, name: str, phone: str, role: str, region=None, organisation=None) -> tuple[User, str]:
    """A new staff account with its first role and an invitation: returns the account and the link's token,
    which is shown once to the admin and never stored."""
    place = _place_of(region=region, organisation=organisation) if (region or organisation) else None
    if place is None:
        raise StaffError(_("Choose the area of this role."))
    _check_area(by, role=role, place=place)
    user = user_create(phone=phone, name=name)  # no password until the invitation is used
    StaffAccount.objects.create(user=user, region=place, created_by=by)
    _event(user, StaffAction.CREATED, by)
    staff_grant_add(by=by, user=user, role=role, region=region, organisation=organisation)
    return user, _invitation_make(by=by, user=user)


@transaction.atomic
def staff_invite(*, by, user: User) -> str:
    """A new invitation link for the account (also to reset a forgotten password); earlier open links stop
    working."""
    _not_self(by, user)
    if not user.is_active:
        raise StaffError(_("This account has ended; restore it first."))
    return _invitation_make(by=by, user=user)


@transaction.atomic
def staff_update(*, by, user: User, name: str, phone: str) -> User:
    _not_self(by, user)
    changes = []
    if name.strip() != user.name:
        changes.append(_("name: %(old)s → %(new)s") % {"old": user.name, "new": name.strip()})
        user_update_name(user=user, name=name)
    phone = normalize_mobile(phone)
    if phone != user.phone:
        index = phone_index(phone)
        if User.objects.filter(phone_index=index).exclude(pk=user.pk).exists():
            raise DuplicateRegistration("phone", _("This mobile number is registered already."))
        user.phone, user.phone_index, user.phone_last4 = phone, index, phone[-4:]
        user.save(update_fields=["phone", "phone_index", "phone_last4"])
        changes.append(_("mobile number changed"))
    if changes:
        _event(user, StaffAction.CHANGED, by, "；".join(changes))
    return user


@transaction.atomic
def staff_end(*, by, user: User) -> User:
    """End the account: it is deactivated (signed out at its next request) and its open links stop working.
    Its grants stay listed, so restoring it gives back what it held."""
    _not_self(by, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise StaffError(_("This account has ended already."))
    now = timezone.now()
    user.is_active = False
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    StaffAccount.objects.filter(user=user).update(ended_at=now)
    _event(user, StaffAction.ENDED, by)
    return user


@transaction.atomic
def staff_restore(*, by, user: User) -> User:
    _not_self(by, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise StaffError(_("This account is active."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    StaffAccount.objects.filter(user=user).update(ended_at=None)
    _event(user, StaffAction.RESTORED, by)
    return user


def invitation_check(token: str) -> Invitation:
    """The open invitation of this token, or InvitationGone saying, in the user's language, why not."""
    invitation = Invitation.objects.select_related("user").filter(token_digest=token_digest(token or "")).first()
    if invitation is None or invitation.revoked_at is not None or not invitation.user.is_active:
        raise InvitationGone(
            _(
                "This invitation link is not valid (it was replaced by a newer one or withdrawn). "
                "Ask your admin for a new one."
            )
        )
    if invitation.used_at is not None:
        raise InvitationGone(
            _(
                "This invitation link has been used already. Sign in with your mobile number and password, "
                "or ask your admin for a new link."
            )
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationGone(_("This invitation link has expired. Ask your admin for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password and use the link up; a second use finds it used."""
    found = invitation_check(token)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    invitation_check(token)  # again under the lock: two submissions at once use it only once
    user = invitation.user
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    _event(user, StaffAction.JOINED, user)
    return user


SHIFT_START_GRACE = datetime.timedelta(minutes=15)  # a shift typed to start "now" on the form, to the minute


@transaction.atomic
def duty_shift_add(*, region: Region, supervisor: User, starts_at, ends_at, by) -> DutyShift:
    """Put a supervisor on duty for an area. The one adding it keeps the roster of the area (its supervisors and
    region admins, checked here as in the view); the supervisor supervises the area; a shift has not ended yet
    and overlaps no other shift of the same area (one supervisor on duty at a time); it starts now or later, never
    backdated (the roster is the record of who was on duty when a crisis came)."""
    scope = scope_of(by)
    if not scope.everything and not any(region.path.startswith(p) for p in scope.supervisor_paths + scope.admin_paths):
        raise StaffError(_("You keep the duty roster of your own areas only."))
    supervising = RoleGrant.objects.filter(
        user=supervisor, role=Role.SUPERVISOR, region__path__in=region.paths_above, user__is_active=True
    )
    if not supervising.exists():
        raise StaffError(_("%(name)s is not a supervisor of %(area)s.") % {"name": supervisor.name, "area": region})
    if ends_at <= starts_at:
        raise StaffError(_("A duty shift ends after it starts."))
    now = timezone.now()
    if ends_at <= now:
        raise StaffError(_("This shift has ended already: the roster is for now and later."))
    if starts_at < now - SHIFT_START_GRACE:
        raise StaffError(_("A shift cannot start in the past: put it on the roster from now on."))
    Region.objects.select_for_update().filter(pk=region.pk).first()  # two adding at once: one after the other
    if DutyShift.objects.filter(region=region, starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise StaffError(_("Another supervisor is on duty for this area at that time."))
    return DutyShift.objects.create(
        region=region, supervisor=supervisor, starts_at=starts_at, ends_at=ends_at, created_by=by
    )


@transaction.atomic
def duty_shift_remove(*, shift: DutyShift, by) -> DutyShift | None:
    """Take a shift off the roster: one to come is deleted; one under way ends now and stays, as one that has
    ended does, as the record of who was on duty (a crisis flagged during it went to its supervisor)."""
    shift = DutyShift.objects.select_for_update().get(pk=shift.pk)
    now = timezone.now()
    if shift.ends_at <= now:
        raise StaffError(_("A shift that has ended stays on the roster."))
    if shift.starts_at < now:
        shift.ends_at = now
        shift.save(update_fields=["ends_at"])
        return shift
    shift.delete()
    return None
