"""Reads of venues: opening hours and free time, the nearest free times of a refused booking, the week
calendar of a room or a venue (a constant number of queries whatever its size), and the use of rooms."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from core.access import scope_of
from venues.access import keeps_national_calendar
from venues.models import ACTIVE_STATUSES, Booking, BookingStatus, ClosedDay, OfficialDayChange, Room

SLOT_STEP = datetime.timedelta(minutes=30)


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def closed_days_of(rooms, first: datetime.date, last: datetime.date) -> dict[int, set[datetime.date]]:
    """Each room's closed days (its own and its venue's) between two dates, in one query."""
    venue_ids = {room.venue_id for room in rooms}
    rows = ClosedDay.objects.filter(venue_id__in=venue_ids, on__range=(first, last)).values_list(
        "venue_id", "room_id", "on"
    )
    closed: dict[int, set[datetime.date]] = {room.pk: set() for room in rooms}
    for room in rooms:
        for venue_id, room_id, on in rows:
            if venue_id == room.venue_id and room_id in (None, room.pk):
                closed[room.pk].add(on)
    return closed


def hours_of(room: Room) -> dict[int, tuple[datetime.time, datetime.time]]:
    """Opening hours by weekday; reads the prefetched `hours` when there are."""
    return {row.weekday: (row.opens, row.closes) for row in room.hours.all()}


def free_windows(room, day, bookings, *, hours, closed) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The stretches of `day` the room is open and not booked (`bookings`: that room's active bookings)."""
    opening = room.hours_on(day, hours, closed)
    if opening is None:
        return []
    start, end = _aware(day, opening[0]), _aware(day, opening[1])
    windows = []
    for booking in sorted(bookings, key=lambda b: b.starts_at):
        if booking.ends_at <= start or booking.starts_at >= end:
            continue
        if booking.starts_at > start:
            windows.append((start, booking.starts_at))
        start = max(start, booking.ends_at)
    if start < end:
        windows.append((start, end))
    return windows


def nearest_free(room: Room, starts_at, ends_at, *, count: int = 3, days: int = 7, moving=None) -> list[tuple]:
    """The free times of the same length nearest to the one asked for, within `days` either way of it (not in the
    past), in half-hour steps from the opening time: what a refused booking is offered instead. `moving`: a
    booking being moved, whose own time counts as free."""
    length = ends_at - starts_at
    asked_day = timezone.localtime(starts_at).date()
    first = max(asked_day - datetime.timedelta(days=days), timezone.localdate())
    last = asked_day + datetime.timedelta(days=days)
    room = Room.objects.prefetch_related("hours").get(pk=room.pk)
    hours = hours_of(room)
    closed = closed_days_of([room], first, last)[room.pk]
    taken = list(
        Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES)
        .exclude(pk=moving.pk if moving is not None else None)
        .overlapping(_aware(first, datetime.time.min), _aware(last, datetime.time.max))
        .values_list("starts_at", "ends_at")
    )
    now = timezone.now()
    found = []
    for offset in range((last - first).days + 1):
        day = first + datetime.timedelta(days=offset)
        opening = room.hours_on(day, hours, closed)
        if opening is None:
            continue
        start, close = _aware(day, opening[0]), _aware(day, opening[1])
        while start + length <= close:
            end = start + length
            if start >= now and not any(s < end and e > start for s, e in taken):
                found.append((start, end))
            start += SLOT_STEP
    found.sort(key=lambda slot: (abs((slot[0] - starts_at).total_seconds()), slot[0]))
    return sorted(found[:count])


# --- The week calendar -----------------------------------------------------------------------------------


@dataclass
class Day:
    day: datetime.date
    opening: tuple | None
    bookings: list = field(default_factory=list)
    free: list = field(default_factory=list)


@dataclass
class RoomWeek:
    room: Room
    days: list[Day]


def week(rooms, monday: datetime.date) -> list[RoomWeek]:
    """Each room's seven days from `monday`: opening hours, bookings (pending and confirmed) and free stretches.
    Four queries whatever the number of rooms and bookings: the rooms, their hours, the closed days, the
    bookings (with their team and use). `rooms` is a queryset."""
    sunday = monday + datetime.timedelta(days=6)
    rooms = list(rooms.select_related("venue").prefetch_related("hours"))
    closed = closed_days_of(rooms, monday, sunday)
    by_room_day = defaultdict(list)
    bookings = (
        Booking.objects.filter(room__in=[room.pk for room in rooms], status__in=ACTIVE_STATUSES)
        .overlapping(_aware(monday, datetime.time.min), _aware(sunday + datetime.timedelta(days=1), datetime.time.min))
        .select_related("team", "use")
        .order_by("starts_at")
    )
    for booking in bookings:
        by_room_day[booking.room_id, timezone.localtime(booking.starts_at).date()].append(booking)
    weeks = []
    for room in rooms:
        hours = hours_of(room)
        days = []
        for offset in range(7):
            day = monday + datetime.timedelta(days=offset)
            booked = by_room_day[room.pk, day]
            days.append(
                Day(
                    day=day,
                    opening=room.hours_on(day, hours, closed[room.pk]),
                    bookings=booked,
                    free=free_windows(room, day, booked, hours=hours, closed=closed[room.pk]),
                )
            )
        weeks.append(RoomWeek(room=room, days=days))
    return weeks


# --- Use -------------------------------------------------------------------------------------------------


@dataclass
class Usage:
    label: str
    booked: float = 0.0
    used: float = 0.0
    no_shows: int = 0
    people: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.used / self.booked) if self.booked else None


def usage(rooms, first: datetime.date, last: datetime.date) -> dict:
    """Hours booked and used, no-shows and people who came, per room and per team, for confirmed bookings that
    ended between two dates; and the "space sharing" figure: how many teams used the rooms."""
    now = timezone.now()
    rows = (
        Booking.objects.filter(room__in=rooms, status=BookingStatus.APPROVED)
        .filter(starts_at__gte=_aware(first, datetime.time.min), ends_at__lte=min(now, _aware(last, datetime.time.max)))
        .select_related("room", "team", "use")
    )
    per_room: dict[int, Usage] = {}
    per_team: dict[int | None, Usage] = {}
    for booking in rows:
        room = per_room.setdefault(booking.room_id, Usage(booking.room.name))
        team = per_team.setdefault(booking.team_id, Usage(booking.team.name if booking.team else "—"))
        used = getattr(booking, "use", None)
        for tally in (room, team):
            tally.booked += booking.hours
            if used is not None:
                tally.used += booking.hours
                tally.people += used.headcount
            else:
                tally.no_shows += 1
    teams_using = sum(1 for key, tally in per_team.items() if key is not None and tally.used)
    return {
        "rooms": sorted(per_room.values(), key=lambda u: u.label),
        "teams": sorted(per_team.values(), key=lambda u: -u.booked),
        "teams_using": teams_using,
        "hours_used": sum(u.used for u in per_room.values()),
        "hours_booked": sum(u.booked for u in per_room.values()),
    }


def current_booking(room: Room, *, now=None, early=datetime.timedelta(minutes=30)):
    """The confirmed booking under way at the room now (or starting within half an hour), for its QR code."""
    now = now or timezone.now()
    return (
        Booking.objects.filter(room=room, status=BookingStatus.APPROVED)
        .filter(Q(starts_at__lte=now + early), ends_at__gt=now)
        .select_related("team", "room__venue")
        .order_by("starts_at")
        .first()
    )


def official_day_changes(user):
    """The changes of the official holiday schedule: all of them for its keepers (the schedule is national, so the
    admins of one province read the changes made by another's), none for anyone else."""
    if not keeps_national_calendar(scope_of(user)):
        return OfficialDayChange.objects.none()
    return OfficialDayChange.objects.select_related("by")
