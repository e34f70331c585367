"""A venue's week calendar reads a constant number of queries: 2 rooms with 20 bookings cost what 20 rooms with
2,000 bookings cost."""

import datetime
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from venues.models import Booking, Room, RoomHours, Venue
from venues.tests.conftest import at, next_weekday


def fill(world, *, rooms: int, bookings: int) -> tuple[Venue, datetime.date]:
    venue = Venue.objects.create(name=f"中心{rooms}", region=world.community, address="团结路1号")
    monday = next_weekday(0)
    created = Room.objects.bulk_create(
        Room(venue=venue, name=f"房间{i}", function="activity", capacity=30) for i in range(rooms)
    )
    RoomHours.objects.bulk_create(
        RoomHours(room=room, weekday=d, opens=datetime.time(7), closes=datetime.time(21))
        for room in created
        for d in range(7)
    )
    per_room = bookings // rooms
    rows = []
    for room in created:
        for n in range(per_room):
            day = monday + datetime.timedelta(days=n % 7)
            start = at(day, 7) + datetime.timedelta(minutes=30 * (n // 7))
            rows.append(
                Booking(
                    room=room,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(minutes=30),
                    title=f"活动{n}",
                    team=world.team,
                    booked_by=world.team_leader,
                    status="approved",
                )  # fmt: skip
            )
    Booking.objects.bulk_create(rows)
    return venue, monday


def queries_of(client, venue, monday) -> tuple[int, float, str]:
    url = reverse("venues:venue_week", args=[venue.pk])
    client.get(url, {"week": monday.isoformat()})  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url, {"week": monday.isoformat()})
        took = time.perf_counter() - started
    assert response.status_code == 200
    return len(captured), took, response.content.decode()


def test_the_week_of_a_venue_costs_the_same_queries_with_20_rooms_and_2000_bookings(world, login):
    small, monday = fill(world, rooms=2, bookings=20)
    large, _monday = fill(world, rooms=20, bookings=2000)
    client = login(world.social_worker)
    small_queries, _took, small_page = queries_of(client, small, monday)
    large_queries, took, large_page = queries_of(client, large, monday)
    assert small_queries == large_queries
    assert small_page.count('data-testid="booked"') == 20
    assert large_page.count('data-testid="booked"') == 2000
    print(f"venue week: {large_queries} queries, {took * 1000:.0f} ms for 20 rooms and 2,000 bookings")
