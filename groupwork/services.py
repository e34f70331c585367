"""Every change to a group: create it, add members, move it on one stage at a time, record sessions, end it.
Each step goes through the group's table (groupwork/workflow.py): the group locked, the step checked, who
took it recorded as a GroupEvent."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groupwork.models import Group, GroupAction, Member, Session
from groupwork.workflow import ADVANCE, GROUP_FLOW, GroupError, group_event_record
from venues import services as venue_services
from venues.models import ACTIVE_STATUSES, Booking, BookingKind
from venues.workflow import BookingError


@transaction.atomic
def group_create(*, name: str, region, goals: str, by) -> Group:
    group = Group.objects.create(name=name, region=region, goals=goals, social_worker=by)
    group_event_record(group, action=GroupAction.CREATED, from_status="", to_status=group.status, by=by)
    return group


@transaction.atomic
def member_add(*, group: Group, by, recipient=None, volunteer=None) -> Member:
    if (recipient is None) == (volunteer is None):
        raise GroupError(_("Choose one person to add."))
    group = GROUP_FLOW.take(group, GroupAction.MEMBER, by=by)
    member, created = Member.objects.get_or_create(group=group, recipient=recipient, volunteer=volunteer)
    if not created:
        raise GroupError(_("This person is a member already."))
    return member


def _has_members(group: Group) -> None:
    if not group.members.filter(recipient__isnull=False).exists():
        raise GroupError(_("A group forms only with members."))


@transaction.atomic
def group_advance(*, group: Group, by) -> Group:
    """On to the next stage, never skipping one. The last, ending, needs the evaluation (group_end)."""
    group = GROUP_FLOW.lock(group)
    action = ADVANCE.get(group.status)
    if action is None:
        raise GroupError(_("End the group with its evaluation."))
    return GROUP_FLOW.take(group, action, by=by, check=_has_members if action == GroupAction.FORM else None)


def _stretch(on, starts, ends):
    make = timezone.make_aware
    return make(datetime.datetime.combine(on, starts)), make(datetime.datetime.combine(on, ends))


def _book_room(session: Session, room, starts, ends, by) -> None:
    """Book the room chosen for the session, for its hours; refused (and nothing saved) when it is taken."""
    if starts is None or ends is None:
        raise GroupError(_("Give the session's hours to book the room."))
    starts_at, ends_at = _stretch(session.on, starts, ends)
    try:
        session.booking = venue_services.booking_create(
            room=room, by=by, kind=BookingKind.GROUP_SESSION, title=f"{session.group.name} #{session.number}",
            starts_at=starts_at, ends_at=ends_at,
            expected=min(max(session.group.members.count(), 1), room.capacity),
        )  # fmt: skip
    except BookingError as error:
        raise GroupError(str(error)) from None
    session.save(update_fields=["booking"])


@transaction.atomic
def session_record(
    *, group: Group, by, on, plan: str, notes: str, present, room=None, starts=None, ends=None
) -> Session:
    """Record a session (planned or held); a room chosen with its hours is booked with it (venues)."""
    present = list(present)

    def members_only(group):
        if any(member.group_id != group.pk for member in present):
            raise GroupError(_("Only the group's members can be marked present."))

    group = GROUP_FLOW.take(group, GroupAction.SESSION, by=by, check=members_only)
    number = group.sessions.count() + 1
    session = Session.objects.create(group=group, number=number, on=on, plan=plan, notes=notes)
    session.present.set(present)
    if room is not None:
        _book_room(session, room, starts, ends, by)
    return session


def _lock_session(session: Session) -> Session:
    """The session locked, first: a change of a session locks it, then its group, then its room's booking, so two
    changes of one session act in turn (and the second sees the first's result)."""
    return Session.objects.select_for_update(of=("self",)).select_related("group").get(pk=session.pk)


def _active_booking(session: Session):
    return Booking.objects.filter(pk=session.booking_id, status__in=ACTIVE_STATUSES).first()


@transaction.atomic
def session_reschedule(*, session: Session, by, on, starts, ends) -> Session:
    """Move a session to another day or hours; its room's booking moves with it, or (the room taken then,
    closed, the time past, the booking begun) the move is refused with the room's reason and nothing changes. A
    session whose booking was cancelled or refused books the same room again for its new time, or the move is
    refused with the nearest free times."""
    session = _lock_session(session)
    if session.cancelled:
        raise GroupError(_("This session has been cancelled."))
    GROUP_FLOW.take(session.group, GroupAction.SESSION, by=by, note=_("Session %(n)s moved.") % {"n": session.number})
    session.on = on
    session.save(update_fields=["on"])
    dropped = Booking.objects.filter(pk=session.booking_id).exclude(status__in=ACTIVE_STATUSES).first()
    if dropped is not None:  # cancelled or refused (a clash, the room wanted): the same room booked again
        _book_room(session, dropped.room, starts, ends, by)
        return session
    booking = _active_booking(session)
    if booking is not None:
        if starts is None or ends is None:
            raise GroupError(_("Give the session's hours to book the room."))
        starts_at, ends_at = _stretch(on, starts, ends)
        try:
            venue_services.booking_move(booking=booking, starts_at=starts_at, ends_at=ends_at, by=by, automatic=True)
        except BookingError as error:
            raise GroupError(str(error)) from None
    return session


def _cancel_booking(session: Session, by, reason: str) -> None:
    booking = _active_booking(session)
    if booking is not None and not booking.has_begun():
        venue_services.booking_cancel(booking=booking, by=by, reason=reason, automatic=True)


@transaction.atomic
def session_cancel(*, session: Session, by, reason: str) -> Session:
    """Cancel a session with the reason; its room's booking is cancelled with it (unless it has begun)."""
    if not reason.strip():
        raise GroupError(_("Give the reason for cancelling the session."))
    session = _lock_session(session)
    if session.cancelled:
        raise GroupError(_("This session has been cancelled."))
    GROUP_FLOW.take(session.group, GroupAction.SESSION, by=by, note=reason.strip())
    session.cancelled = reason.strip()
    session.save(update_fields=["cancelled"])
    _cancel_booking(session, by, reason.strip())
    return session


@transaction.atomic
def group_end(*, group: Group, by, evaluation: str, goals_met: int) -> Group:
    def evaluated(group):
        if not evaluation.strip():
            raise GroupError(_("Write the end-of-group evaluation."))

    changes = {"evaluation": evaluation.strip(), "goals_met": goals_met}
    group = GROUP_FLOW.take(group, GroupAction.END, by=by, changes=changes, check=evaluated)
    for session in group.sessions.filter(booking__isnull=False):  # the rooms of sessions to come are freed
        _cancel_booking(session, by, _("The group has ended."))
    return group


def attendance(group: Group) -> list[dict]:
    """Each member with the sessions attended, for the group page and the evaluation; a cancelled session counts
    neither as held nor as attended."""
    total = group.sessions.filter(cancelled="").count()
    rows = []
    for member in group.members.select_related("recipient", "volunteer__user"):
        came = member.sessions.filter(cancelled="").count()
        rows.append({"member": member, "came": came, "rate": round(100 * came / total) if total else None})
    return rows


@transaction.atomic
def sessions_plan(
    *,
    group: Group,
    by,
    room,
    first_day,
    starts,
    ends,
    weeks: int,
    plan: str,
    weekdays=None,
    exceptions=frozenset(),
    team=None,
    past_allowed: bool = False,
) -> list[Session]:
    """Plan the group's sessions weekly for `weeks` weeks in a room (on `weekdays`, the first day's weekday when
    none is given). The room is booked as one weekly series (venues: statutory holidays skipped, a day off in
    lieu met on its make-up working day where the room is open then, `exceptions` left out); each meeting of the
    series is one session of the group, linked to its booking. A clash refuses the whole plan with the nearest
    free times, and nothing is saved. `team`: the team whose space use the bookings count for, if any;
    `past_allowed`: sessions already held are recorded with their bookings (the demo)."""
    if not plan.strip():
        raise GroupError(_("Say what the sessions will do."))
    weekdays = set(weekdays or {first_day.weekday()})
    note = _("Sessions planned weekly in %(room)s.") % {"room": room.name}
    group = GROUP_FLOW.take(group, GroupAction.SESSION, by=by, note=note)
    try:
        _series, bookings = venue_services.series_create(
            room=room, first_day=first_day, starts=starts, ends=ends, weekdays=weekdays, weeks=weeks, by=by,
            title=group.name, kind=BookingKind.GROUP_SESSION, exceptions=exceptions, team=team,
            past_allowed=past_allowed, expected=min(max(group.members.count(), 1), room.capacity),
        )  # fmt: skip
    except BookingError as error:
        raise GroupError(str(error)) from None
    first = group.sessions.count() + 1
    return [
        Session.objects.create(
            group=group,
            number=first + index,
            on=timezone.localtime(booking.starts_at).date(),
            plan=plan.strip(),
            booking=booking,
        )  # fmt: skip
        for index, booking in enumerate(bookings)
    ]
