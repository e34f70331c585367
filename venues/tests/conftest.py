import datetime

import pytest
from django.utils import timezone

from venues import places
from venues.models import Room, Venue

DAY_HOURS = {weekday: (datetime.time(8, 30), datetime.time(17, 30)) for weekday in range(5)}


@pytest.fixture
def centre(world):
    """团结社区's service centre: a day-care room booked at once (open on working days only) and a
    rehabilitation room whose bookings the community approves (open every day)."""
    venue = Venue.objects.create(name="团结社区党群服务中心", region=world.community, address="团结路1号")
    day_care = places.room_save(
        room=Room(venue=venue, name="日间照料室", function="day_care", capacity=20, step_free=True),
        by=world.social_worker,
        teams=[world.team],
        hours=DAY_HOURS,
    )
    rehab = places.room_save(
        room=Room(venue=venue, name="康复室", function="rehab", capacity=8, needs_approval=True),
        by=world.social_worker,
        hours={weekday: (datetime.time(8, 0), datetime.time(20, 0)) for weekday in range(7)},
    )
    return venue, day_care, rehab


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def next_weekday(weekday: int = 1) -> datetime.date:
    """A coming day of the given weekday that is an ordinary working day (no holiday), at least a week ahead."""
    from venues import calendar

    day = timezone.localdate() + datetime.timedelta(days=7)
    while day.weekday() != weekday or calendar.holiday_name(day):
        day += datetime.timedelta(days=1)
    return day
