"""Every change to venues, rooms and bookings. Bookings of one room are made one after another: the service
takes the room's lock (an update of its row: a row lock on PostgreSQL, the write lock on SQLite) before it
checks the time is free; on PostgreSQL the exclusion constraint of migration 0002 refuses an overlap even if a
writer bypassed this service. The refused party is told the nearest free times."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from venues import calendar
from venues.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingAction,
    BookingKind,
    BookingSeries,
    BookingStatus,
    Room,
    RoomUse,
)
from venues.selectors import closed_days_of, hours_of, nearest_free
from venues.workflow import BOOKING_FLOW, BookingError, booking_event_record

MAX_LENGTH = datetime.timedelta(hours=12)


class BookingConflict(BookingError):
    """The room is taken at that time; `suggestions` holds the nearest free times (start, end)."""

    def __init__(self, message: str, suggestions=()):
        super().__init__(message)
        self.suggestions = list(suggestions)


def slot_label(start, end) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    return f"{date_format(start.date())} {start:%H:%M}–{end:%H:%M}"


def conflict_message(room: Room, starts_at, ends_at, *, moving: Booking | None = None) -> BookingConflict:
    suggestions = nearest_free(room, starts_at, ends_at, moving=moving)
    values = {"room": room.name, "time": slot_label(starts_at, ends_at)}
    if suggestions:
        values["times"] = _("; ").join(slot_label(start, end) for start, end in suggestions)
        message = _("%(room)s is already booked at %(time)s. Nearest free times: %(times)s.") % values
    else:
        message = (
            _("%(room)s is already booked at %(time)s. It has no free time of that length in the week around it.")
            % values
        )
    return BookingConflict(message, suggestions)


def _lock(room: Room) -> None:
    """Take the room's lock until the transaction ends (see the module's docstring)."""
    Room.objects.filter(pk=room.pk).update(booking_turn=F("booking_turn") + 1)


START_GRACE = datetime.timedelta(minutes=15)  # a room taken at 10:05 may be booked from 10:00


def _check_time(room: Room, starts_at, ends_at, *, past_allowed: bool, hours=None, closed=None) -> None:
    if ends_at <= starts_at:
        raise BookingError(_("A booking ends after it starts."))
    if ends_at - starts_at > MAX_LENGTH:
        raise BookingError(_("A booking lasts at most 12 hours."))
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        raise BookingError(_("A booking starts and ends on the same day."))
    if not past_allowed and starts_at < timezone.now() - START_GRACE:
        raise BookingError(_("This time has passed already."))
    opening = room.hours_on(start.date(), hours, closed)
    if opening is None:
        holiday = calendar.holiday_name(start.date()) if room.follows_official_calendar else None
        if holiday:
            raise BookingError(_("%(room)s is closed for %(holiday)s.") % {"room": room.name, "holiday": holiday})
        raise BookingError(_("%(room)s is closed on %(day)s.") % {"room": room.name, "day": date_format(start.date())})
    if start.time() < opening[0] or end.time() > opening[1]:
        raise BookingError(
            _("%(room)s is open from %(opens)s to %(closes)s that day.")
            % {"room": room.name, "opens": f"{opening[0]:%H:%M}", "closes": f"{opening[1]:%H:%M}"}
        )


class _Taken(BookingError):
    """Raised under the room's lock; the service answers with the nearest free times once the lock is let go."""


def _overlaps(room: Room, starts_at, ends_at) -> bool:
    return Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES).overlapping(starts_at, ends_at).exists()


def _insert(room: Room, *, starts_at, ends_at, by, **fields) -> Booking:
    """The booking written, the room being locked; a taken time raises _Taken."""
    if _overlaps(room, starts_at, ends_at):
        raise _Taken(_("The room is taken at that time."))
    try:
        with transaction.atomic():
            booking = Booking.objects.create(room=room, starts_at=starts_at, ends_at=ends_at, booked_by=by, **fields)
    except IntegrityError as error:  # the exclusion constraint (PostgreSQL), should a writer skip the lock
        if "booking_no_overlap" not in str(error):
            raise
        raise _Taken(_("The room is taken at that time.")) from None
    booking_event_record(booking, action=BookingAction.REQUEST, from_status="", to_status=booking.status, by=by)
    return booking


def _settle(booking: Booking, by) -> Booking:
    """A room that needs no approval confirms the booking at once: the table's wait at "pending" decides it
    from the booking's room (an automatic step of the table)."""
    wait = BOOKING_FLOW.waits[BookingStatus.PENDING]
    if wait.required(booking):
        return booking
    return BOOKING_FLOW.take(booking, wait.action, by=by, automatic=True, note=str(wait.note))


def _fields(*, title: str, kind: str, team, project, expected: int) -> dict:
    if kind == BookingKind.TEAM and team is None:
        raise BookingError(_("Choose the team the room is booked for."))
    if kind == BookingKind.PROJECT and project is None:
        raise BookingError(_("Choose the project the room is booked for."))
    if not title.strip():
        raise BookingError(_("Say what the room is booked for."))
    return {"title": title.strip(), "kind": kind, "team": team, "project": project, "expected": expected}


def _check_capacity(room: Room, expected: int) -> None:
    if expected > room.capacity:
        raise BookingError(_("%(room)s holds %(capacity)s people.") % {"room": room.name, "capacity": room.capacity})


def booking_create(
    *,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    by,
    title: str,
    kind: str = BookingKind.TEAM,
    team=None,
    project=None,
    expected: int = 1,
    past_allowed: bool = False,
) -> Booking:
    """Book a room for one stretch of time: confirmed at once, or waiting for the community's approval where the
    room asks for it. Refused with BookingConflict (and the nearest free times) when the time is taken.

    A time already taken by a committed booking is refused at once, without waiting for the room's lock (most
    refusals when many ask at once); the nearest free times are looked up after the lock is let go."""
    fields = _fields(title=title, kind=kind, team=team, project=project, expected=expected)
    if _overlaps(room, starts_at, ends_at):
        raise conflict_message(room, starts_at, ends_at)
    try:
        return _booking_write(room, starts_at, ends_at, by=by, past_allowed=past_allowed, fields=fields)
    except _Taken:
        raise conflict_message(room, starts_at, ends_at) from None


@transaction.atomic
def _booking_write(room: Room, starts_at, ends_at, *, by, past_allowed: bool, fields: dict) -> Booking:
    """booking_create's write, under the room's lock."""
    _lock(room)
    room = Room.objects.get(pk=room.pk)
    _check_capacity(room, fields["expected"])
    _check_time(room, starts_at, ends_at, past_allowed=past_allowed)
    booking = _insert(room, starts_at=starts_at, ends_at=ends_at, by=by, **fields)
    return _settle(booking, by)


def _series_conflict(room: Room, taken: list[tuple]) -> BookingConflict:
    """The refusal of a series: the days taken, and the nearest free times around the first of them."""
    values = {"room": room.name, "days": _("; ").join(slot_label(start, end) for start, end in taken)}
    suggestions = nearest_free(room, *taken[0])
    if not suggestions:
        message = _(
            "%(room)s is already booked on %(days)s. Leave these days out of the series, or choose another time."
        )
        return BookingConflict(message % values, suggestions)
    values["times"] = _("; ").join(slot_label(start, end) for start, end in suggestions)
    message = _(
        "%(room)s is already booked on %(days)s. Leave these days out of the series, or choose another time. "
        "Nearest free times around the first of them: %(times)s."
    )
    return BookingConflict(message % values, suggestions)


@transaction.atomic
def series_create(
    *,
    room: Room,
    first_day: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    weekdays: set[int],
    weeks: int,
    by,
    title: str,
    kind: str = BookingKind.TEAM,
    team=None,
    project=None,
    expected: int = 1,
    exceptions=frozenset(),
    past_allowed: bool = False,
) -> tuple[BookingSeries, list[Booking]]:
    """Book the room every week on `weekdays` for `weeks` weeks: statutory holidays are skipped, a day off in
    lieu moves to the make-up working day that replaces it where the room is open (venues/calendar.py),
    `exceptions` are left out. All or nothing: if any day is taken, nothing is booked and the message names
    the days to leave out."""
    if not weekdays:
        raise BookingError(_("Choose the weekdays of the series."))
    if not 1 <= weeks <= 52:
        raise BookingError(_("A series lasts from 1 to 52 weeks."))
    fields = _fields(title=title, kind=kind, team=team, project=project, expected=expected)
    _lock(room)
    room = Room.objects.prefetch_related("hours").get(pk=room.pk)
    _check_capacity(room, expected)
    hours = hours_of(room)
    last = first_day + datetime.timedelta(weeks=weeks + 1)
    closed = closed_days_of([room], first_day, last)[room.pk]

    def is_open(day):
        opening = room.hours_on(day, hours, closed)
        return opening is not None and opening[0] <= starts and ends <= opening[1]

    occurrences, skipped = calendar.weekly(first_day, set(weekdays), weeks, is_open=is_open, exceptions=exceptions)
    if not occurrences:
        raise BookingError(_("The room is not open at that time on any day of the series."))
    stretches = [
        (
            timezone.make_aware(datetime.datetime.combine(o.day, starts)),
            timezone.make_aware(datetime.datetime.combine(o.day, ends)),
        )
        for o in occurrences
    ]
    for start, end in stretches:
        _check_time(room, start, end, past_allowed=past_allowed, hours=hours, closed=closed)
    taken = [
        (start, end)
        for start, end in stretches
        if Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES).overlapping(start, end).exists()
    ]
    if taken:
        raise _series_conflict(room, taken)
    series = BookingSeries.objects.create(
        room=room,
        weekdays=",".join(str(d) for d in sorted(weekdays)),
        first_day=first_day,
        weeks=weeks,
        skipped=[{"day": s.day.isoformat(), "reason": s.reason} for s in skipped],
        booked_by=by,
    )
    bookings = [
        _settle(_insert(room, starts_at=start, ends_at=end, by=by, series=series, **fields), by)
        for start, end in stretches
    ]
    return series, bookings


@transaction.atomic
def booking_approve(*, booking: Booking, by) -> Booking:
    return BOOKING_FLOW.take(booking, BookingAction.APPROVE, by=by)


@transaction.atomic
def booking_reject(*, booking: Booking, by, reason: str) -> Booking:
    if not reason.strip():
        raise BookingError(_("Give the reason for refusing the booking."))
    return BOOKING_FLOW.take(booking, BookingAction.REJECT, by=by, note=reason, changes={"reason": reason.strip()})


def booking_move(*, booking: Booking, starts_at, ends_at, by, automatic: bool = False, now=None) -> Booking:
    """Move a pending or confirmed booking to another time of its room (an activity or a session moved): under
    the room's lock, the new time checked as a new booking's is (open, not past, free but for the booking
    itself); refused with BookingConflict and the nearest free times when it is taken. A moved booking waits
    again for the approval where the room asks for it. `automatic`: the move follows a change that the
    caller's app has allowed (the activity's organiser moved the activity), so the booking's holder is not
    asked for. A booking that has begun keeps its time (its use or no-show is counted), as it is not cancelled."""
    try:
        return _move_write(booking, starts_at, ends_at, by=by, automatic=automatic, now=now)
    except _Taken:
        raise conflict_message(booking.room, starts_at, ends_at, moving=booking) from None


@transaction.atomic
def _move_write(booking: Booking, starts_at, ends_at, *, by, automatic: bool, now=None) -> Booking:
    _lock(booking.room)
    room = Room.objects.get(pk=booking.room_id)

    def free(locked):
        if locked.has_begun(now):
            raise BookingError(_("A booking that has begun cannot be moved; its use or no-show is counted."))
        _check_time(room, starts_at, ends_at, past_allowed=False)
        others = Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES).exclude(pk=locked.pk)
        if others.overlapping(starts_at, ends_at).exists():
            raise _Taken(_("The room is taken at that time."))

    note = f"{slot_label(booking.starts_at, booking.ends_at)} → {slot_label(starts_at, ends_at)}"
    changes = {"starts_at": starts_at, "ends_at": ends_at}
    return BOOKING_FLOW.take(
        booking, BookingAction.MOVE, by=by, automatic=automatic, check=free, note=note, changes=changes
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, by, reason: str, now=None, automatic: bool = False) -> Booking:
    """Cancel a booking before it starts: one that has begun stays, so its use or no-show is counted.
    `automatic`: the cancellation follows the cancelled activity or session, which its app allowed."""
    if not reason.strip():
        raise BookingError(_("Give the reason for cancelling the booking."))
    now = now or timezone.now()

    def not_begun(locked):
        if locked.has_begun(now):
            raise BookingError(_("A booking that has begun cannot be cancelled; its use or no-show is counted."))

    return BOOKING_FLOW.take(
        booking,
        BookingAction.CANCEL,
        by=by,
        automatic=automatic,
        check=not_begun,
        note=reason,
        changes={"reason": reason.strip()},
    )


@transaction.atomic
def room_check_in(*, booking: Booking, by, headcount: int, now=None) -> RoomUse:
    """Record that a confirmed booking is used: who checked in at the room, when, how many came. A second
    check-in of the same booking corrects the number of people."""
    now = now or timezone.now()
    if headcount < 1:
        raise BookingError(_("At least one person came."))

    def under_way(locked):
        if now < locked.starts_at - datetime.timedelta(minutes=30) or now > locked.ends_at:
            raise BookingError(_("Check in at the room during the booked time."))

    booking = BOOKING_FLOW.take(booking, BookingAction.CHECK_IN, by=by, check=under_way, note=str(headcount))
    use, _created = RoomUse.objects.update_or_create(
        booking=booking, defaults={"checked_in_at": now, "by": by, "headcount": headcount}
    )
    return use
