"""The "space sharing" figure of the dashboards (venues, issue 17): for the confirmed bookings of rooms that have
ended, hours booked, hours used (checked in at the room) and no-shows, per room and per team, and how many
teams used each venue's rooms. Its own rollup kind beside the figures of stats/rollup.py: the same facts,
contributions and watermarks, under its own metrics (`space_*`) and sources.

A booking contributes once it has ended and only if it was confirmed: its contribution changes with each of its
steps (approved, moved, cancelled, checked in: each writes a BookingEvent) and when it ends (used, or a
no-show). The catch-up re-reads the bookings with new events (by id, with a margin: an event may commit after
one with a larger id) and those that ended since the last run. Whole seconds are kept (hours shown): a sum of
seconds is exact where a sum of rounded hours is not. `live_space` computes the same figures with a GROUP BY over the
bookings, and a test holds the two equal."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.charts import section
from core.periods import month_of
from orgs.models import Organisation
from stats.models import Fact, Watermark
from stats.rollup import UPDATE_MARGIN, Deltas, _apply_by_id, ids_since_mark
from stats.selectors import Period
from stats.sources import ONE, Row
from venues.models import Booking, BookingEvent, BookingStatus, Room, Venue

BOOKED, USED, NO_SHOWS, TEAM_USED = "space_booked", "space_used", "space_no_shows", "space_team_used"
METRICS = (BOOKED, USED, NO_SHOWS, TEAM_USED)
MARKS = ("booking_event", "booking_end")


def _seconds(booking) -> Decimal:
    return Decimal(int((booking.ends_at - booking.starts_at).total_seconds()))


def booking_rows(booking, now=None) -> list[Row]:
    """A confirmed booking that has ended: its seconds booked, and used or a no-show, in the month it began,
    in total and by room, venue and team; the seconds a team used a venue's rooms (dim venue:V:team:T)."""
    now = now or timezone.now()
    if booking.status != BookingStatus.APPROVED or booking.ends_at > now:
        return []
    month = month_of(booking.starts_at)
    seconds = _seconds(booking)
    used = getattr(booking, "use", None) is not None
    dims = ["", f"room:{booking.room_id}", f"venue:{booking.room.venue_id}"]
    if booking.team_id:
        dims.append(f"team:{booking.team_id}")
    rows: list[Row] = [(BOOKED, dim, month, seconds) for dim in dims]
    if used:
        rows += [(USED, dim, month, seconds) for dim in dims]
        if booking.team_id:
            rows.append((TEAM_USED, f"venue:{booking.room.venue_id}:team:{booking.team_id}", month, seconds))
    else:
        rows += [(NO_SHOWS, dim, month, ONE) for dim in dims]
    return rows


def _bookings(pks):
    return (
        Booking.objects.filter(pk__in=pks)
        .annotate(region_id=F("room__venue__region_id"))
        .select_related("room", "use")
        .only("pk", "status", "starts_at", "ends_at", "team_id", "room__venue_id", "use__id")
    )


def catch_up_rooms(*, wait: bool = True, now=None) -> bool:
    """Bring the space-sharing facts up to date; `wait=False` returns False at once when another process is at it."""
    now = now or timezone.now()
    with transaction.atomic():
        for source in MARKS:
            Watermark.objects.get_or_create(source=source)
        locked = Watermark.objects.select_for_update(skip_locked=not wait).filter(source__in=MARKS)
        marks = {mark.source: mark for mark in locked}
        if len(marks) != len(MARKS):
            return False
        by_event, by_end = marks["booking_event"], marks["booking_end"]
        top = BookingEvent.objects.aggregate(top=Max("pk"))["top"] or 0
        touched = ids_since_mark(BookingEvent.objects.all(), by_event, top, "booking_id")
        ended = Booking.objects.filter(ends_at__lte=now)
        if by_end.last_at is not None:
            ended = ended.filter(ends_at__gt=by_end.last_at - UPDATE_MARGIN)
        touched |= set(ended.values_list("pk", flat=True))
        _apply_by_id(Deltas(), "booking", touched, _bookings, lambda booking: booking_rows(booking, now))
        by_end.last_at = now
        by_event.save()
        by_end.save()
    return True


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _after(period: Period) -> datetime.date:
    return (period.last + datetime.timedelta(days=32)).replace(day=1)


def space_figures(region, period: Period) -> dict[tuple[str, str], Decimal]:
    """{(metric, dim): value} of the region's subtree over the period, from the facts (one query)."""
    figures: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    rows = Fact.objects.filter(
        region=region, metric__in=METRICS, period__gte=period.first, period__lte=period.last
    ).values_list("metric", "dim", "value")
    for metric, dim, value in rows:
        figures[metric, dim] += value
    return {key: value for key, value in figures.items() if value}


def live_space(region, period: Period, now=None) -> dict[tuple[str, str], Decimal]:
    """The same figures counted live from the bookings (GROUP BY), for the test that holds them equal."""
    now = now or timezone.now()
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    base = Booking.objects.filter(
        status=BookingStatus.APPROVED,
        ends_at__lte=now,
        starts_at__gte=_aware(period.first),
        starts_at__lt=_aware(_after(period)),
        room__venue__region__path__startswith=region.path,
    )
    figures: dict[tuple[str, str], Decimal] = defaultdict(Decimal)

    def seconds(duration) -> Decimal:
        return Decimal(int(duration.total_seconds())) if duration else Decimal(0)

    for prefix, field in (("", None), ("room:", "room_id"), ("venue:", "room__venue_id"), ("team:", "team_id")):
        grouped = base.filter(team__isnull=False) if field == "team_id" else base
        grouped = grouped.values(*([field] if field else [])).annotate(
            booked=Sum(length), used=Sum(length, filter=Q(use__isnull=False)), missed=Count("pk", filter=Q(use=None))
        )
        for row in grouped:
            dim = f"{prefix}{row[field]}" if field else ""
            figures[BOOKED, dim] += seconds(row["booked"])
            figures[USED, dim] += seconds(row["used"])
            figures[NO_SHOWS, dim] += row["missed"]
    pairs = (
        base.filter(use__isnull=False, team__isnull=False)
        .values("room__venue_id", "team_id")
        .annotate(used=Sum(length))
    )
    for row in pairs:
        figures[TEAM_USED, f"venue:{row['room__venue_id']}:team:{row['team_id']}"] += seconds(row["used"])
    return {key: value for key, value in figures.items() if value}


def _ids(figures, metric: str, prefix: str) -> dict[int, Decimal]:
    return {int(dim[len(prefix) :]): v for (m, dim), v in figures.items() if m == metric and dim.startswith(prefix)}


def sharing_by_venue(figures) -> dict[int, int]:
    """How many teams used each venue's rooms in the period: the space-sharing figure."""
    teams: dict[int, set[int]] = defaultdict(set)
    for (metric, dim), _value in figures.items():
        if metric == TEAM_USED:
            _venue, venue_id, _team, team_id = dim.split(":")
            teams[int(venue_id)].add(int(team_id))
    return {venue_id: len(members) for venue_id, members in teams.items()}


def _section(key, title, headers, rows, charted) -> dict:
    """A dashboard section drawn as bars by core.charts: `charted`, the indexes of the numbers drawn, each a series
    named by its header."""
    return section(key, title, "bar", rows, headers=headers, series_names=headers[1:], charted=charted)


def space_sections(region, period: Period) -> list[dict]:
    """The dashboard's sections of the space-sharing figure: venues (teams sharing), rooms, teams."""
    figures = space_figures(region, period)
    booked, used, missed = (
        {prefix: _ids(figures, metric, prefix) for prefix in ("venue:", "room:", "team:")}
        for metric in (BOOKED, USED, NO_SHOWS)
    )
    sharing = sharing_by_venue(figures)
    hours = [_("Hours booked"), _("Hours used"), _("No-shows")]

    def numbers(prefix, pk):
        return [booked[prefix].get(pk, 0) / 3600, used[prefix].get(pk, 0) / 3600, missed[prefix].get(pk, 0)]

    venues = Venue.objects.filter(pk__in=list(booked["venue:"])).order_by("name")
    rooms = Room.objects.filter(pk__in=list(booked["room:"])).select_related("venue").order_by("venue__name", "name")
    teams = Organisation.objects.filter(pk__in=list(booked["team:"])).order_by("name")
    return [
        _section(
            "space_venues",
            _("Space sharing: teams using each venue's rooms"),
            [_("Venue"), _("Teams sharing"), *hours],
            [
                (v.name, [sharing.get(v.pk, 0), *numbers("venue:", v.pk)], reverse("venues:venue_week", args=[v.pk]))
                for v in venues
            ],
            [0],
        ),
        _section(
            "space_rooms",
            _("Space sharing: use of each room"),
            [_("Room"), *hours],
            [(str(r), numbers("room:", r.pk), reverse("venues:room_week", args=[r.pk])) for r in rooms],
            [0, 1],
        ),
        _section(
            "space_teams",
            _("Space sharing: use by each team"),
            [_("Team"), *hours],
            [(team.name, numbers("team:", team.pk), None) for team in teams],
            [0, 1],
        ),
    ]
