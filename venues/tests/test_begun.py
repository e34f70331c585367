"""A booking that has begun keeps its time: the venues service refuses to move it, an activity or a group's
session moved afterwards is refused the same way (its cancellation leaves the booking, its use or no-show
counted), and the pages offer no cancel or move for it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from activities.models import Activity
from groupwork import services as groupwork
from venues import services
from venues.models import Booking, BookingEvent
from venues.tests.conftest import at, next_weekday
from venues.tests.test_following import _group_with_session
from venues.tests.test_planning import planned

BEGUN = "已经开始的预订不能改期"


def _begin(booking: Booking) -> None:
    """Time passes: the booking started an hour ago and runs for another hour (same length, same room)."""
    now = timezone.now()
    Booking.objects.filter(pk=booking.pk).update(
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
    )


def test_the_service_refuses_to_move_a_booking_that_has_begun(world, centre):
    _venue, _day_care, rehab = centre
    day = next_weekday(2)
    booking = services.booking_create(
        room=rehab, starts_at=at(day, 14), ends_at=at(day, 15), by=world.team_leader, title="康复", team=world.team
    )
    later = day + datetime.timedelta(days=7)
    with pytest.raises(services.BookingError, match=BEGUN):
        services.booking_move(
            booking=booking, starts_at=at(later, 9), ends_at=at(later, 10), by=world.team_leader, now=at(day, 14, 30)
        )
    booking.refresh_from_db()
    assert booking.starts_at == at(day, 14)
    assert not BookingEvent.objects.filter(booking=booking, action="move").exists()
    moved = services.booking_move(
        booking=booking, starts_at=at(later, 9), ends_at=at(later, 10), by=world.team_leader, now=at(day, 13)
    )
    assert moved.starts_at == at(later, 9)


def test_an_activity_whose_booking_has_begun_is_not_moved_and_its_cancellation_leaves_the_booking(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    activity = activities.activity_save(activity=planned(world, day, 9, 11), by=world.team_leader, room=day_care)
    booking = Booking.objects.get(activity=activity)
    _begin(booking)
    booking.refresh_from_db()
    later = day + datetime.timedelta(days=7)
    activity.refresh_from_db()
    activity.starts_at, activity.ends_at = at(later, 14), at(later, 16)
    with pytest.raises(activities.ActivityError, match=BEGUN):
        activities.activity_save(activity=activity, by=world.team_leader)
    assert Activity.objects.get(pk=activity.pk).starts_at == at(day, 9)
    assert Booking.objects.get(pk=booking.pk).starts_at == booking.starts_at
    activity.refresh_from_db()
    activity.status = "cancelled"
    activities.activity_save(activity=activity, by=world.team_leader)
    assert Booking.objects.get(pk=booking.pk).status == "approved"  # its use or no-show is counted


def test_a_session_whose_booking_has_begun_is_not_moved(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(3)
    _group, session = _group_with_session(world, day_care, day)
    _begin(session.booking)
    later = day + datetime.timedelta(days=7)
    with pytest.raises(groupwork.GroupError, match=BEGUN):
        groupwork.session_reschedule(
            session=session, by=world.social_worker, on=later, starts=datetime.time(14), ends=datetime.time(15)
        )
    session.refresh_from_db()
    assert session.on == day


def test_the_pages_offer_no_cancel_or_move_for_a_booking_that_has_begun(world, centre, login):
    _venue, day_care, _rehab = centre
    day = next_weekday(3)
    group, session = _group_with_session(world, day_care, day)
    client = login(world.social_worker)
    move = reverse("groupwork:session_step", args=[group.pk, 1, "move"])
    booking_page = reverse("venues:booking_detail", args=[session.booking.pk])
    group_page = reverse("groupwork:detail", args=[group.pk])
    cancel = reverse("venues:booking_step", args=[session.booking.pk, "cancel"])
    assert cancel in client.get(booking_page).content.decode()
    assert move in client.get(group_page).content.decode()
    _begin(session.booking)
    assert cancel not in client.get(booking_page).content.decode()
    assert move not in client.get(group_page).content.decode()
    # A booking cancelled before its time does not hold the session to it: the session still moves.
    Booking.objects.filter(pk=session.booking.pk).update(status="cancelled", reason="房间维修")
    assert move in client.get(group_page).content.decode()
