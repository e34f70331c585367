"""Two (or eight) people asking for the same room and time at the same moment: exactly one gets it, the others
a message with the nearest free times. Threads with their own connections, on SQLite and on PostgreSQL.

SQLite's test database lives in memory with a shared cache, whose table locks fail at once instead of waiting;
so on SQLite the race runs on a file copy of it, opened with the deployment's settings (WAL, BEGIN IMMEDIATE,
a 20-second busy timeout: core/env.py), as the product runs."""

import contextlib
import datetime
import sqlite3
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from venues import services
from venues.models import Booking
from venues.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database(tmp_path):
    """Where the threads connect: the test database itself (PostgreSQL) or a file copy of it (SQLite)."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    settings = connections.settings["default"]
    name = settings["NAME"]
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        settings["NAME"] = name


def in_a_thread(read):
    """A read through a fresh connection, which sees what the racing threads wrote."""
    results, errors = race(1, lambda _i: read())
    if errors[0]:
        raise errors[0]
    return results[0]


def race(count, attempt):
    """Run `attempt(i)` in `count` threads released at once; returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def run(i):
        try:
            barrier.wait(10)
            results[i] = attempt(i)
        except Exception as error:  # noqa: BLE001 - each is asserted below
            errors[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


def test_eight_people_asking_for_the_same_hour_at_once_get_one_booking(world, centre, database):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    people = [world.social_worker, world.team_leader] * 4

    def attempt(i):
        return services.booking_create(
            room=day_care, starts_at=at(day, 10), ends_at=at(day, 11), by=people[i], title=f"申请{i}", team=world.team
        )

    results, errors = race(8, attempt)
    made = [r for r in results if r is not None]
    assert len(made) == 1
    refusals = [str(e) for e in errors if e is not None]
    assert len(refusals) == 7
    assert all(isinstance(e, services.BookingConflict) for e in errors if e is not None), refusals
    assert [t for t in refusals if not ("被预订。最近的空闲时间：" in t and "11:00–12:00" in t)] == []
    assert in_a_thread(lambda: Booking.objects.filter(room=day_care).count()) == 1


def test_overlapping_requests_of_different_lengths_never_both_succeed(world, centre, database):
    _venue, day_care, _rehab = centre
    day = next_weekday(2)
    stretches = [
        (at(day, 9), at(day, 11)),
        (at(day, 10), at(day, 12)),
        (at(day, 10, 30), at(day, 11)),
        (at(day, 11), at(day, 12)),
    ]

    def attempt(i):
        start, end = stretches[i]
        return services.booking_create(
            room=day_care, starts_at=start, ends_at=end, by=world.team_leader, title="排练", team=world.team
        )

    race(4, attempt)
    kept = sorted(in_a_thread(lambda: list(Booking.objects.filter(room=day_care).values_list("starts_at", "ends_at"))))
    assert kept  # somebody got the room
    for (_s1, e1), (s2, _e2) in zip(kept, kept[1:], strict=False):
        assert e1 <= s2, kept


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_postgresql_refuses_an_overlap_written_past_the_service(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(3)
    common = {"room": day_care, "title": "直接写入", "booked_by": world.team_leader, "status": "approved"}
    Booking.objects.create(starts_at=at(day, 9), ends_at=at(day, 10), **common)
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        Booking.objects.create(starts_at=at(day, 9, 30), ends_at=at(day, 10, 30), **common)
    Booking.objects.create(starts_at=at(day, 10), ends_at=at(day, 11), **common)  # touching is not overlapping
    Booking.objects.create(
        starts_at=at(day, 9), ends_at=at(day, 10), **(common | {"status": "cancelled", "reason": "x"})
    )
    assert Booking.objects.filter(room=day_care).count() == 3
    assert datetime.timedelta(hours=1) == Booking.objects.filter(room=day_care).first().ends_at - at(day, 9)
