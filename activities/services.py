"""Publishing activities, signing up, and attendance by QR code or by the leader."""

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import notify, overlap, rooms
from activities.models import (
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceMethod,
    AttendanceRequest,
    Signup,
    SignupStatus,
)
from core.access import check_not_own, may_decide
from ledger.chain import service_hours
from ledger.models import EntryKind
from ledger.services import entry_append, holds_qualification
from people.models import RegistrationStatus, Volunteer


class ActivityError(ValueError):
    pass


def _book_room(activity: Activity, room, by) -> None:
    try:
        rooms.book_room(activity, room, by)
    except rooms.RoomRefused as error:
        raise ActivityError(str(error)) from None


@transaction.atomic
def activity_save(*, activity: Activity, by, repeat_weeks: int = 0, room=None, skills=None) -> Activity:
    """Save an activity; a recurring one (every Tuesday morning) is saved once for each of the next weeks. A
    room chosen when it is planned is booked for each of them (venues); the booking of an activity saved
    again follows its time and its cancellation (activities/rooms.py), or the whole change is refused.
    `skills`: the skills it wants."""
    if activity.status == ActivityStatus.PUBLISHED and activity.risky and not activity.insurance_confirmed:
        raise ActivityError(_("A risky activity is published only after accident insurance is confirmed."))
    activity.created_by = activity.created_by or by
    activity.save()
    if skills is not None:
        activity.required_skills.set(skills)
    if activity.booking_id is not None:
        try:
            rooms.follow(activity, by)
        except rooms.RoomRefused as error:
            raise ActivityError(str(error)) from None
    elif room is not None:
        _book_room(activity, room, by)
    for week in range(1, repeat_weeks + 1):
        shift = datetime.timedelta(weeks=week)
        repeated = Activity.objects.create(
            **{
                field.name: getattr(activity, field.name)
                for field in Activity._meta.concrete_fields
                if field.name not in {"id", "qr_secret", "created_at", "booking"}
            }
            | {"starts_at": activity.starts_at + shift, "ends_at": activity.ends_at + shift}
        )
        repeated.required_skills.set(activity.required_skills.all())
        if room is not None:
            _book_room(repeated, room, by)
    return activity


def _check_eligible(activity: Activity, volunteer) -> None:
    """The volunteer may serve at this activity: an active registration, the age, a guardian's consent for a
    minor, the training it needs (《志愿服务条例》 Art. 15–16)."""
    if volunteer.status != RegistrationStatus.REGISTERED:
        # A suspended registration, or one withdrawn with its consent, takes no new sign-up.
        raise ActivityError(_("Your volunteer registration is not active, so you cannot sign up."))
    if volunteer.age < activity.min_age or (volunteer.age < 18 and not activity.minors_allowed):
        raise ActivityError(
            _("This activity is for volunteers aged %(age)s and over.")
            % {"age": max(activity.min_age, 18 if not activity.minors_allowed else 0)}
        )
    if volunteer.age < 18 and not volunteer.consents.filter(kind="guardian", withdrawn_at__isnull=True).exists():
        raise ActivityError(_("A guardian's consent is needed first; your community social worker records it."))
    required = activity.required_qualification
    if required and not holds_qualification(volunteer, required, timezone.localdate(activity.starts_at)):
        raise ActivityError(
            _("This activity needs the training “%(name)s”, valid on the day of the activity.")
            % {"name": required.name}
        )


@transaction.atomic
def signup_create(*, activity: Activity, volunteer) -> Signup:
    """Sign up; past the quota the volunteer joins the waiting list. Signing up twice changes nothing."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != ActivityStatus.PUBLISHED or activity.ends_at <= timezone.now():
        raise ActivityError(_("This activity is not open for sign-up."))
    _check_eligible(activity, volunteer)
    existing = Signup.objects.filter(activity=activity, volunteer=volunteer).first()
    if existing and existing.status not in {SignupStatus.CANCELLED, SignupStatus.REJECTED}:
        return existing
    taken = activity.signups.filter(status__in=[SignupStatus.APPROVED, SignupStatus.PENDING]).count()
    if taken >= activity.quota:
        status = SignupStatus.WAITING
    else:
        status = SignupStatus.APPROVED if activity.auto_approve else SignupStatus.PENDING
    signup = existing or Signup(activity=activity, volunteer=volunteer)
    signup.status = status
    signup.save()
    return signup


@transaction.atomic
def signup_cancel(*, signup: Signup) -> Signup:
    """Cancel; the first on the waiting list moves up."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup = Signup.objects.get(pk=signup.pk)
    held_place = signup.status in {SignupStatus.APPROVED, SignupStatus.PENDING}
    signup.status = SignupStatus.CANCELLED
    signup.save(update_fields=["status"])
    if held_place:
        first = activity.signups.filter(status=SignupStatus.WAITING).order_by("created_at", "pk").first()
        if first:
            first.status = SignupStatus.APPROVED if activity.auto_approve else SignupStatus.PENDING
            first.save(update_fields=["status"])
    return signup


@transaction.atomic
def signup_decide(*, signup: Signup, by, approve: bool) -> Signup:
    signup = Signup.objects.select_for_update().select_related("volunteer").get(pk=signup.pk)
    check_not_own(by, signup, ActivityError)
    if signup.status != SignupStatus.PENDING:
        raise ActivityError(_("This sign-up has been decided already."))
    signup.status = SignupStatus.APPROVED if approve else SignupStatus.REJECTED
    signup.save(update_fields=["status"])
    return signup


# --- Attendance ----------------------------------------------------------------------------------------


def _signer(activity: Activity) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"qianniu.attend.{activity.pk}.{activity.qr_secret}")


def qr_token(activity: Activity) -> str:
    """A token for the leader's QR code. It carries the time it was made, so it stops working after
    QR_VALID_SECONDS; the leader's page shows a fresh one every 20 seconds."""
    return f"{activity.pk}.{_signer(activity).sign('attend')}"


def activity_from_token(token: str, *, max_age: int | None | bool = True) -> Activity:
    """The activity of a fresh token; ActivityError with a clear message for an old or forged one.
    `max_age=None` checks only that the token is genuine (a scan remembered in the session, activities.scan)."""
    pk, _dot, signed = token.partition(".")
    activity = Activity.objects.filter(pk=pk).first() if pk.isdigit() else None
    if activity is None:
        raise ActivityError(_("This QR code is not valid."))
    try:
        _signer(activity).unsign(signed, max_age=settings.QR_VALID_SECONDS if max_age is True else max_age)
    except signing.SignatureExpired:
        raise ActivityError(_("This QR code has expired. Please scan the code on the leader's phone again.")) from None
    except signing.BadSignature:
        raise ActivityError(_("This QR code is not valid.")) from None
    return activity


def _hours(attendance: Attendance, activity: Activity):
    start = max(attendance.checked_in_at, activity.starts_at)
    end = min(attendance.checked_out_at, activity.ends_at)
    return service_hours(start, end, step_minutes=settings.HOURS_STEP_MINUTES)


def _record(attendance: Attendance, by) -> None:
    """Write the attendance's service hours into the ledger (once). Nobody records their own hours: a leader's
    own attendance waits until another leader of the team or the area's social worker confirms it. A check-out
    before the activity started has served nothing and records nothing."""
    activity = attendance.activity
    if hasattr(attendance, "entry") or not may_decide(by, attendance):
        return
    if attendance.checked_out_at <= activity.starts_at:
        return
    entry = entry_append(
        volunteer=attendance.volunteer,
        kind=EntryKind.SERVICE,
        by=by,
        attendance=attendance,
        activity_name=activity.title,
        on=timezone.localdate(activity.starts_at),
        place=activity.place,
        content=activity.content[:500],
        hours=_hours(attendance, activity),
        organiser=activity.organiser.name,
        lead=activity.lead.name,
    )
    notify.hours_credited(entry, activity)


def _replay(key: uuid.UUID, volunteer, action: str) -> Attendance | None:
    done = AttendanceRequest.objects.filter(key=key).select_related("attendance").first()
    if done is None:
        return None
    if done.volunteer_id != volunteer.pk or done.action != action:
        raise ActivityError(_("This request was used for something else. Please scan again."))
    return done.attendance


@transaction.atomic
def check_in(*, activity: Activity, volunteer, key: uuid.UUID) -> Attendance:
    """Idempotent: the same key, or a second check-in, returns the first record.

    It locks the volunteer's own sign-up, not the activity: the phones of one activity check in side by side,
    while one phone's repeats, and a cancellation of the same sign-up, wait for each other."""
    replay = _replay(key, volunteer, "in")
    if replay:
        return replay
    signup = (
        Signup.objects.select_for_update()
        .filter(activity=activity, volunteer=volunteer, status=SignupStatus.APPROVED)
        .values_list("pk", flat=True)
        .first()
    )
    if signup is None:
        raise ActivityError(_("You have no approved sign-up for this activity."))
    now = timezone.now()
    if now < activity.starts_at - datetime.timedelta(hours=1) or now > activity.ends_at:
        raise ActivityError(_("Check-in opens an hour before the activity and closes at its end."))
    attendance, _created = Attendance.objects.get_or_create(
        activity=activity, volunteer=volunteer, defaults={"checked_in_at": now, "method": AttendanceMethod.QR}
    )
    try:
        with transaction.atomic():
            AttendanceRequest.objects.create(key=key, volunteer=volunteer, attendance=attendance, action="in")
    except IntegrityError:  # the same key raced in from a second connection
        pass
    return attendance


@transaction.atomic
def check_out(*, activity: Activity, volunteer, key: uuid.UUID) -> Attendance:
    """Idempotent like check_in. It locks the volunteer's attendance, not the activity, and writes the ledger
    last: the county's chain head stays locked only for the entry itself, not for the rest of the check-out."""
    replay = _replay(key, volunteer, "out")
    if replay:
        return replay
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("activity__lead")
        .filter(activity=activity, volunteer=volunteer)
        .first()
    )
    if attendance is None:
        raise ActivityError(_("Check in first."))
    try:
        with transaction.atomic():
            AttendanceRequest.objects.create(key=key, volunteer=volunteer, attendance=attendance, action="out")
    except IntegrityError:
        pass
    if attendance.checked_out_at is None:
        attendance.checked_out_at = max(timezone.now(), attendance.checked_in_at)
        attendance.save(update_fields=["checked_out_at"])
        _record(attendance, attendance.activity.lead)
    return attendance


@transaction.atomic
def attendance_mark(*, activity: Activity, volunteer, by, checked_in_at, checked_out_at) -> Attendance:
    """The leader marks a volunteer without a smartphone present, with the times served (never times to come).
    The leader's own attendance is kept but recorded only when a second person confirms it. Attendance that
    overlaps the volunteer's at another activity is refused (`activities.overlap`)."""
    if checked_out_at <= checked_in_at:
        raise ActivityError(_("The end must come after the start."))
    if checked_out_at > timezone.now():
        raise ActivityError(_("Hours cannot be recorded for a time that has not come yet."))
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)  # one mark of a volunteer at a time
    other = overlap.first_overlap(
        volunteer_id=volunteer.pk, activity_id=activity.pk, start=checked_in_at, end=checked_out_at
    )
    if other is not None:
        raise ActivityError(overlap.overlap_message(other))
    attendance, created = Attendance.objects.select_for_update().get_or_create(
        activity=activity,
        volunteer=volunteer,
        defaults={
            "checked_in_at": checked_in_at,
            "checked_out_at": checked_out_at,
            "method": AttendanceMethod.LEADER,
            "marked_by": by,
        },
    )
    if not created and hasattr(attendance, "entry"):
        raise ActivityError(_("Hours for this attendance are recorded already; ask for a correction instead."))
    if not created:
        attendance.checked_in_at, attendance.checked_out_at, attendance.marked_by = checked_in_at, checked_out_at, by
        attendance.auto_closed = False
        attendance.save(update_fields=["checked_in_at", "checked_out_at", "marked_by", "auto_closed"])
    _record(attendance, by)
    return attendance


@transaction.atomic
def attendance_confirm(*, attendance: Attendance, by) -> Attendance:
    """A leader or the area's social worker confirms an automatically closed check-out, or a leader's own
    attendance (never their own); its hours are then recorded."""
    attendance = Attendance.objects.select_for_update().select_related("volunteer", "activity").get(pk=attendance.pk)
    check_not_own(
        by, attendance, ActivityError, _("Your own attendance is confirmed by another leader or the social worker.")
    )
    if attendance.checked_out_at is None:
        raise ActivityError(_("This volunteer has not checked out."))
    _record(attendance, by)
    return attendance


@transaction.atomic
def signup_walk_in(*, activity: Activity, volunteer, by) -> Signup:
    """A volunteer who came without signing up is signed up by the leader at the activity: approved even past
    the quota (they are there), but only if they may serve at it. A refused sign-up is refused again."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != ActivityStatus.PUBLISHED:
        raise ActivityError(_("This activity is not open for sign-up."))
    _check_eligible(activity, volunteer)
    signup = Signup.objects.select_for_update().filter(activity=activity, volunteer=volunteer).first()
    if signup and signup.status == SignupStatus.REJECTED:
        raise ActivityError(_("This volunteer's sign-up was refused."))
    signup = signup or Signup(activity=activity, volunteer=volunteer)
    if signup.status != SignupStatus.APPROVED:
        signup.status = SignupStatus.APPROVED
        signup.save()
    return signup


@transaction.atomic
def attendance_roll(*, activity: Activity, by, present, checked_in_at, checked_out_at, walk_in=None) -> dict:
    """The leader ticks, in one go, the signed-up volunteers who came (and signs up one who walked in), all
    from `checked_in_at` to `checked_out_at`. One transaction: a refusal leaves nothing half recorded. Sending
    the same list again records nobody twice: a volunteer whose attendance is recorded already is left as it
    is. The leader's own attendance waits for another person's confirmation (attendance_mark)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    present = list(present)
    if walk_in is not None:
        signup_walk_in(activity=activity, volunteer=walk_in, by=by)
        present.append(walk_in)
    if not present:
        raise ActivityError(_("Tick the volunteers who came."))
    approved = set(
        activity.signups.filter(status=SignupStatus.APPROVED, volunteer__in=present).values_list(
            "volunteer_id", flat=True
        )
    )
    missing = [v.user.name for v in present if v.pk not in approved]
    if missing:
        raise ActivityError(
            _("Not signed up for this activity: %(names)s. Sign them up as walk-ins.") % {"names": "、".join(missing)}
        )
    recorded = set(activity.attendances.filter(volunteer__in=present).values_list("volunteer_id", flat=True))
    marked, already = [], []
    for volunteer in sorted({v.pk: v for v in present}.values(), key=lambda v: v.pk):
        if volunteer.pk in recorded:
            already.append(volunteer)
            continue
        attendance_mark(
            activity=activity,
            volunteer=volunteer,
            by=by,
            checked_in_at=checked_in_at,
            checked_out_at=checked_out_at,
        )
        marked.append(volunteer)
    return {"marked": marked, "already": already}


@transaction.atomic
def close_forgotten_checkouts(*, now=None) -> int:
    """Close check-outs forgotten past the activity's end, at the end, flagged for the leader to confirm."""
    now = now or timezone.now()
    forgotten = (
        Attendance.objects.select_for_update()
        .filter(checked_out_at__isnull=True, activity__ends_at__lt=now)
        .select_related("activity")
    )
    closed = 0
    for attendance in forgotten:
        attendance.checked_out_at = max(attendance.activity.ends_at, attendance.checked_in_at)
        attendance.auto_closed = True
        attendance.save(update_fields=["checked_out_at", "auto_closed"])
        closed += 1
    return closed
