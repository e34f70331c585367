"""The rights of a person over their personal information (PIPL Art. 44–47): a copy, correction and
deletion requests decided by the county's region admins within a deadline, the withdrawal of a consent,
and erasure that keeps the hours ledger (docs/privacy.md)."""

import datetime

import chinese_calendar
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import AccessLog, Consent, ConsentKind, Recipient, RegistrationStatus, Role, RoleGrant, User
from people.services import county_of, sensitive_value_read
from privacy import notify
from privacy.models import Item, PIRequest, RequestKind, RequestStatus
from regions.models import Region

ERASED_NAME = "已注销用户{pk}"
ERASED_RECIPIENT = "已删除服务对象{pk}"
ERASED_TEXT = "（已按本人要求删除）"
ERASED_INDEX = "erased:{pk}"  # never equal to a blind index, which is 64 hex digits


class PrivacyError(ValueError):
    """A request or a step the person's situation does not allow; the message says why."""


# --- Deadlines -----------------------------------------------------------------------------------------


def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # years the calendar does not know yet: Monday to Friday
        return day.weekday() < 5


def working_days_after(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th Chinese working day after `start` (holidays and make-up working days counted)."""
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        counted += is_working_day(day)
    return day


# --- Who the person is, and where their requests are decided ------------------------------------------


def person_county(user: User) -> Region | None:
    """The county of the person's volunteer profile, recipient record, or (for staff) first grant."""
    volunteer = getattr(user, "volunteer", None)
    recipient = Recipient.objects.filter(user=user).select_related("region").first()
    for region in (
        volunteer.region if volunteer else None,
        recipient.region if recipient else None,
        *(grant.region or grant.organisation.region for grant in user.grants.select_related("region", "organisation")),
    ):
        if region is not None:
            return county_of(region) or region
    return None


def county_admins(county: Region):
    """Active users holding a region admin grant on the county itself."""
    return User.objects.filter(grants__role=Role.REGION_ADMIN, grants__region=county, is_active=True).distinct()


@transaction.atomic
def pi_request_file(*, by: User, kind: str, item: str = "", detail: str, reason: str) -> PIRequest:
    """A person asks to correct or delete their own personal information. The request goes to the region
    admins of their county; when the person is the county's only admin it goes to the admins above, since
    nobody decides their own request."""
    if kind not in RequestKind.values:
        raise PrivacyError(_("Choose whether to correct or to delete."))
    if (kind == RequestKind.CORRECT or item) and item not in Item.values:
        raise PrivacyError(_("Choose which information is wrong."))
    if kind == RequestKind.CORRECT and not detail.strip():
        raise PrivacyError(_("Say what is wrong and what it should say."))
    if not reason.strip():
        raise PrivacyError(_("Give a reason."))
    county = person_county(by)
    if county is None:
        raise PrivacyError(_("Your account belongs to no county yet; ask your community to help."))
    erasing = by.pi_requests.filter(kind=RequestKind.DELETE, item="", status=RequestStatus.WAITING)
    if kind == RequestKind.DELETE and not item and erasing.exists():
        raise PrivacyError(_("A request to delete your information is waiting already."))
    filed_at = timezone.now()
    request = PIRequest.objects.create(
        requester=by,
        county=county,
        kind=kind,
        item=item,
        detail=detail.strip(),
        reason=reason.strip(),
        filed_at=filed_at,
        due_on=working_days_after(timezone.localdate(filed_at), settings.PI_REQUEST_DAYS),
        routed_up=not county_admins(county).exclude(pk=by.pk).exists(),
    )
    notify.pi_request_waiting(request)
    return request


@transaction.atomic
def pi_request_decide(*, request: PIRequest, by: User, done: bool, answer: str) -> PIRequest:
    """The admin marks the request done or refuses it with a reason; the person reads the answer on their
    page. A correction, or the deletion of one item, the admin makes on the person's record first; a
    deletion of everything is done here, by `person_erase`."""
    request = PIRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id == by.pk:
        raise PrivacyError(_("Nobody decides their own request; another administrator will."))
    if not PIRequest.objects.changeable_by(by).filter(pk=request.pk).exists():
        raise PrivacyError(_("Only a region administrator of the person's county, or above it, decides this."))
    if request.status != RequestStatus.WAITING:
        raise PrivacyError(_("This request has been decided already."))
    if not answer.strip():
        raise PrivacyError(
            _("Say what was done.") if done else _("Give the reason for refusing, so the person can object.")
        )
    if done and request.erases_everything:
        person_erase(user=request.requester, by=by)
        # The person's other waiting requests went with their information.
        request.requester.pi_requests.filter(status=RequestStatus.WAITING).exclude(pk=request.pk).update(
            status=RequestStatus.DONE,
            decided_by=by,
            decided_at=timezone.now(),
            answer=_("Handled with the deletion of all of the person's information."),
        )
    request.status = RequestStatus.DONE if done else RequestStatus.REFUSED
    request.decided_by, request.decided_at, request.answer = by, timezone.now(), answer.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "answer"])
    return request


@transaction.atomic
def pi_requests_escalate(*, now: datetime.datetime | None = None) -> int:
    """Requests still waiting after their due day go up to the region admins above the county, once. Run by
    the task queue every 5 minutes with the other deadline jobs."""
    now = now or timezone.now()
    late = PIRequest.objects.select_for_update().filter(
        status=RequestStatus.WAITING, due_on__lt=timezone.localdate(now), escalated_at__isnull=True
    )
    requests = list(late.select_related("county"))
    PIRequest.objects.filter(pk__in=[request.pk for request in requests]).update(escalated_at=now)
    for request in requests:
        notify.pi_request_escalated(request, now=now)
    return len(requests)


# --- A copy of one's data ------------------------------------------------------------------------------


@transaction.atomic
def person_copy_make(*, user: User, ip: str | None):
    """The person's own copy, with their ID and mobile numbers in full; each full number is logged like a
    "show in full" read."""
    from privacy.selectors import person_copy

    for subject, field_name in _full_values(user):
        sensitive_value_read(by=user, subject=subject, field_name=field_name, ip=ip)
    return person_copy(user=user)


@transaction.atomic
def recipient_copy_make(*, recipient: Recipient, by: User, ip: str | None):
    """A copy for a person served who has no account, printed by a worker of their area; logged the same."""
    from privacy.selectors import recipient_copy

    for field_name in ("id_number", "phone"):
        if getattr(recipient, field_name):
            sensitive_value_read(by=by, subject=recipient, field_name=field_name, ip=ip)
    AccessLog.objects.create(user=by, subject_type="recipient", subject_id=recipient.pk, field_name="copy", ip=ip)
    return recipient_copy(recipient=recipient)


def _full_values(user: User):
    yield user, "phone"
    volunteer = getattr(user, "volunteer", None)
    if volunteer is not None:
        yield volunteer, "id_number"
    recipient = Recipient.objects.filter(user=user).first()
    if recipient is not None:
        for field_name in ("id_number", "phone"):
            if getattr(recipient, field_name):
                yield recipient, field_name


# --- Withdrawing a consent -----------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User) -> Consent:
    """Withdraw a consent (PIPL Art. 15): the row stays, with when and who recorded the withdrawal, and what
    depended on it stops at once:
    - a minor volunteer's guardian consent: their coming sign-ups are cancelled, new ones refused;
    - a volunteer's registration consent: the registration is withdrawn and their coming sign-ups cancelled;
    - a recipient's consent to sensitive information: the sensitive tags are removed and refused from now on;
    - a child's guardian consent: the child's cases take no step but closing (casework.services)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise PrivacyError(_("This consent has been withdrawn already."))
    consent.withdrawn_at, consent.withdrawn_by = timezone.now(), by
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if consent.volunteer_id:
        volunteer = consent.volunteer
        still_active = volunteer.consents.active().filter(kind=consent.kind).exists()
        if consent.kind == ConsentKind.GUARDIAN and volunteer.age < 18 and not still_active:
            _cancel_coming_signups(volunteer)
        elif consent.kind == ConsentKind.PRIVACY_POLICY and not still_active:
            from people.services import volunteer_withdraw

            volunteer_withdraw(volunteer=volunteer)
            _cancel_coming_signups(volunteer)
    elif consent.kind == ConsentKind.SENSITIVE and consent.recipient.consent_withdrawn(ConsentKind.SENSITIVE):
        recipient = consent.recipient
        recipient.tags.remove(*recipient.tags.filter(sensitive=True))
    return consent


def _cancel_coming_signups(volunteer) -> int:
    from activities.models import Signup, SignupStatus
    from activities.services import signup_cancel

    coming = Signup.objects.filter(
        volunteer=volunteer,
        status__in=[SignupStatus.PENDING, SignupStatus.APPROVED, SignupStatus.WAITING],
        activity__ends_at__gt=timezone.now(),
    )
    count = 0
    for signup in coming:
        signup_cancel(signup=signup)
        count += 1
    return count


# --- Erasure -------------------------------------------------------------------------------------------


@transaction.atomic
def person_erase(*, user: User, by: User) -> None:
    """Delete a person's personal information at their request (PIPL Art. 47). The hours ledger is a legal
    record under the volunteer record rules and is never touched: the volunteer's profile is pseudonymised
    and the account deactivated, so the ledger rows keep pointing at the same (now nameless) volunteer and
    the chain still verifies. What is kept and why is in docs/privacy.md."""
    if RoleGrant.objects.filter(user=user).exists():
        raise PrivacyError(_("This account holds staff roles. Take the roles away before deleting the person."))
    volunteer = getattr(user, "volunteer", None)
    if volunteer is not None:
        volunteer_pseudonymise(volunteer=volunteer, by=by)
    recipient = Recipient.objects.filter(user=user).first()
    if recipient is not None:
        recipient_pseudonymise(recipient=recipient, by=by)
    outbox_erase(Q(person=user))
    user.notifications.all().delete()  # the bell's lines: the account's alone, nothing points at them
    account_pseudonymise(user=user)


def outbox_erase(to_them: Q) -> None:
    """The person's messages in the outbox: those still waiting are cancelled (deleted: their number is going,
    and a message sent after the erasure would tell the person's phone of a record that no longer names them);
    those sent or failed keep their row, for the county's figures and delivery receipts, without the text."""
    from notifications.models import Message, MessageState

    Message.objects.filter(to_them, state=MessageState.PENDING).delete()
    Message.objects.filter(to_them).update(text=ERASED_TEXT, params={})


def account_pseudonymise(*, user: User) -> User:
    """The account keeps its row (others' records point at it) without name, number or a way to sign in."""
    user.name = ERASED_NAME.format(pk=user.pk)
    user.name_pinyin = user.name_initials = ""
    user.phone, user.phone_index, user.phone_last4 = "", ERASED_INDEX.format(pk=user.pk), ""
    user.password = make_password(None)
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    return user


@transaction.atomic
def volunteer_pseudonymise(*, volunteer, by: User):
    """The volunteer record without the person: name, numbers, address, position, skills and availability
    go; the birth date keeps its year, and sex, area, kind and the volunteer number stay for the ledger and
    the county's statistics. The registration is withdrawn, teams left, coming sign-ups cancelled and
    offered tasks declined. Ledger entries, certificates, awards, evaluations and qualifications stay."""
    from needs.models import Task, TaskStatus
    from needs.services import task_answer
    from orgs.models import MembershipStatus

    open_tasks = Task.objects.filter(volunteer=volunteer, status=TaskStatus.ACCEPTED, need__ended_at__isnull=True)
    if open_tasks.exists():
        raise PrivacyError(_("The volunteer holds accepted tasks not yet done; hand them to someone else first."))
    for task in Task.objects.filter(volunteer=volunteer, status=TaskStatus.OFFERED, need__ended_at__isnull=True):
        task_answer(task=task, volunteer=volunteer, accept=False, reason=ERASED_TEXT)
    _cancel_coming_signups(volunteer)
    volunteer.memberships.exclude(status=MembershipStatus.LEFT).update(status=MembershipStatus.LEFT)
    volunteer.id_number, volunteer.id_index = "", ERASED_INDEX.format(pk=volunteer.pk)
    volunteer.birth_date = volunteer.birth_date.replace(month=1, day=1)
    volunteer.address, volunteer.latitude, volunteer.longitude = "", None, None
    volunteer.availability, volunteer.weekly_capacity = [], 0
    volunteer.status = RegistrationStatus.WITHDRAWN
    volunteer.save()
    for name in ("skills", "service_fields", "languages"):
        getattr(volunteer, name).clear()
    volunteer.consents.update(given_by=ERASED_NAME.format(pk=volunteer.user_id))
    return volunteer


@transaction.atomic
def recipient_pseudonymise(*, recipient: Recipient, by: User) -> Recipient:
    """The recipient record without the person: name, numbers, birth date, address, guardian, groups and
    tags go; open needs are withdrawn and the descriptions of all their needs and home visits removed.
    Closed cases stay as casework records under the retention period (they are archived, not erased)."""
    from casework.models import Stage
    from needs.models import OPEN_STATUSES
    from needs.services import need_withdraw

    if recipient.cases.exclude(status=Stage.CLOSED).exists():
        raise PrivacyError(_("The person has an open case; its social worker closes it first."))
    for need in recipient.needs.filter(status__in=OPEN_STATUSES):
        need_withdraw(need=need, by=by, reason=_("The person asked for their personal information to be deleted."))
    recipient.needs.update(description=ERASED_TEXT, address="", latitude=None, longitude=None)
    recipient.home_visits.update(observations="")
    from needs.models import Evaluation

    Evaluation.objects.filter(need__recipient=recipient).update(
        comment="", given_by=ERASED_RECIPIENT.format(pk=recipient.pk)
    )
    recipient.name = ERASED_RECIPIENT.format(pk=recipient.pk)
    recipient.name_pinyin = recipient.name_initials = ""
    recipient.id_number, recipient.id_index, recipient.id_last4 = "", None, ""
    recipient.phone, recipient.phone_last4, recipient.guardian_phone = "", "", ""
    recipient.birth_date, recipient.address = None, ""
    recipient.guardian_name = recipient.guardian_relation = ""
    recipient.user = None
    recipient.save()
    recipient.groups.clear()
    recipient.tags.clear()
    outbox_erase(Q(recipient_id=recipient.pk))
    recipient.consents.update(given_by=recipient.name)
    return recipient
