"""An activity or a group's session whose booking was cancelled or refused (the room wanted for something else, a
clash) books its room again when it is moved to another time; where the room is taken then, the move is
refused with the nearest free times, and nothing of it is saved."""

import datetime

import pytest

from activities import services as activities
from activities.models import Activity
from groupwork import services as groupwork
from venues import services
from venues.models import Booking
from venues.tests.conftest import at, next_weekday
from venues.tests.test_following import _group_with_session
from venues.tests.test_planning import planned


@pytest.fixture
def dropped(world, centre):
    """An activity in the day-care room whose booking the community cancelled."""
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    activity = activities.activity_save(activity=planned(world, day, 9, 11), by=world.team_leader, room=day_care)
    services.booking_cancel(booking=activity.booking, by=world.social_worker, reason="房间维修")
    return Activity.objects.get(pk=activity.pk), day


def test_an_activity_whose_booking_was_cancelled_books_its_room_again_when_moved(world, centre, dropped):
    activity, day = dropped
    old = activity.booking
    activity.starts_at, activity.ends_at = at(day, 14), at(day, 16)
    activities.activity_save(activity=activity, by=world.team_leader)
    activity.refresh_from_db()
    booking = activity.booking
    assert booking.pk != old.pk
    assert (booking.room, booking.starts_at, booking.ends_at, booking.status) == (
        old.room,
        at(day, 14),
        at(day, 16),
        "approved",
    )
    assert (booking.kind, booking.team, booking.title) == ("activity", world.team, "书画交流")
    assert Booking.objects.get(pk=old.pk).status == "cancelled"


def test_an_activity_moved_to_a_time_its_room_is_taken_says_so_with_the_nearest_free_times(world, centre, dropped):
    activity, day = dropped
    _venue, day_care, _rehab = centre
    services.booking_create(
        room=day_care, starts_at=at(day, 13), ends_at=at(day, 17), by=world.social_worker, title="议事会",
        team=world.team,
    )  # fmt: skip
    activity.starts_at, activity.ends_at = at(day, 14), at(day, 16)
    with pytest.raises(activities.ActivityError, match="日间照料室 已在 .* 14:00–16:00 被预订。最近的空闲时间：.*"):
        activities.activity_save(activity=activity, by=world.team_leader)
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.starts_at, stored.booking.status) == (at(day, 9), "cancelled")


def test_an_activity_whose_booking_was_cancelled_keeps_no_room_when_it_is_not_moved(world, centre, dropped):
    activity, day = dropped
    activity.title = "书画交流（室外）"
    activities.activity_save(activity=activity, by=world.team_leader)
    assert Booking.objects.filter(status="approved").count() == 0


def test_a_session_whose_booking_was_cancelled_books_its_room_again_when_moved(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(3)
    _group, session = _group_with_session(world, day_care, day)
    services.booking_cancel(booking=session.booking, by=world.social_worker, reason="房间维修")
    later = day + datetime.timedelta(days=7)
    services.booking_create(
        room=day_care, starts_at=at(later, 9), ends_at=at(later, 10), by=world.social_worker, title="议事会",
        team=world.team,
    )  # fmt: skip
    with pytest.raises(groupwork.GroupError, match="日间照料室 已在 .* 09:00–10:00 被预订。最近的空闲时间："):
        groupwork.session_reschedule(
            session=session, by=world.social_worker, on=later, starts=datetime.time(9), ends=datetime.time(10)
        )
    session.refresh_from_db()
    assert (session.on, session.booking.status) == (day, "cancelled")
    groupwork.session_reschedule(
        session=session, by=world.social_worker, on=later, starts=datetime.time(14), ends=datetime.time(15)
    )
    session.refresh_from_db()
    assert (session.on, session.booking.room, session.booking.starts_at) == (later, day_care, at(later, 14))
    assert session.booking.status == "approved"
