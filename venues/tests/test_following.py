"""The booking follows what it was made for: an activity (or a group's session) moved to another time moves its
booking, refused with the nearest free times when the room is taken then (and nothing of the change saved);
an activity or a session cancelled, or a group ended, cancels its bookings to come."""

import datetime

import pytest
from django.urls import reverse

from activities import services as activities
from activities.models import Activity
from groupwork import services as groupwork
from venues import services
from venues.models import Booking, BookingEvent
from venues.tests.conftest import at, next_weekday
from venues.tests.test_planning import planned


@pytest.fixture
def booked(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    activity = activities.activity_save(activity=planned(world, day, 9, 11), by=world.team_leader, room=day_care)
    return activity, day


def test_moving_an_activity_moves_its_booking(world, centre, booked):
    activity, day = booked
    activity.starts_at, activity.ends_at = at(day, 14), at(day, 16)
    activities.activity_save(activity=activity, by=world.team_leader)
    booking = Booking.objects.get(activity=activity)
    assert (booking.starts_at, booking.ends_at, booking.status) == (at(day, 14), at(day, 16), "approved")
    assert BookingEvent.objects.filter(booking=booking, action="move").count() == 1
    # The old time is free again: another team books it.
    other = services.booking_create(
        room=booking.room, starts_at=at(day, 9), ends_at=at(day, 11), by=world.social_worker, title="议事会",
        team=world.team,
    )  # fmt: skip
    assert other.status == "approved"


def test_moving_an_activity_into_a_taken_time_is_refused_with_the_nearest_free_times_and_nothing_saved(
    world, centre, booked
):
    activity, day = booked
    _venue, day_care, _rehab = centre
    services.booking_create(
        room=day_care, starts_at=at(day, 11), ends_at=at(day, 17, 30), by=world.social_worker, title="议事会",
        team=world.team,
    )  # fmt: skip
    activity.starts_at, activity.ends_at = at(day, 14), at(day, 16)
    activity.title = "书画交流（改期）"
    # The activity's own 9:00–11:00 counts as free among the suggestions.
    refused = "日间照料室 已在 .* 14:00–16:00 被预订。最近的空闲时间：.*09:00–11:00"
    with pytest.raises(activities.ActivityError, match=refused):
        activities.activity_save(activity=activity, by=world.team_leader)
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.starts_at) == ("书画交流", at(day, 9))
    assert Booking.objects.get(activity=activity).starts_at == at(day, 9)


def test_cancelling_an_activity_cancels_its_booking_and_frees_the_room(world, centre, booked):
    activity, day = booked
    assert Booking.objects.get(activity=activity).status == "approved"
    activity.status = "cancelled"
    activities.activity_save(activity=activity, by=world.team_leader)
    booking = Booking.objects.get(activity=activity)
    assert booking.status == "cancelled"
    assert booking.reason == "活动已取消。"
    again = services.booking_create(
        room=booking.room, starts_at=at(day, 9), ends_at=at(day, 11), by=world.social_worker, title="议事会",
        team=world.team,
    )  # fmt: skip
    assert again.status == "approved"


def test_an_activity_moved_on_its_edit_page_moves_its_booking_or_says_why_not(world, centre, login, booked):
    activity, day = booked
    _venue, day_care, _rehab = centre
    client = login(world.team_leader)
    data = {"title": activity.title, "content": activity.content, "organiser": world.team.pk,
            "lead": world.team_leader.pk, "region": world.community.pk, "place": "日间照料室",
            "starts_at": f"{day}T13:00", "ends_at": f"{day}T15:00", "quota": 10, "min_age": 18,
            "status": "draft"}  # fmt: skip
    response = client.post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 302
    assert Booking.objects.get(activity=activity).starts_at == at(day, 13)
    data |= {"starts_at": f"{day}T19:00", "ends_at": f"{day}T20:00"}  # the room closes at 17:30
    page = client.post(reverse("activities:edit", args=[activity.pk]), data).content.decode()
    assert "日间照料室 当天的开放时间为 08:30 至 17:30。" in page
    assert Activity.objects.get(pk=activity.pk).starts_at == at(day, 13)


def test_a_moved_booking_of_a_room_that_asks_for_approval_waits_for_it_again(world, centre):
    _venue, _day_care, rehab = centre
    day = next_weekday(2)
    activity = activities.activity_save(activity=planned(world, day, 9, 10), by=world.team_leader, room=rehab)
    booking = Booking.objects.get(activity=activity)
    services.booking_approve(booking=booking, by=world.social_worker)
    activity.starts_at, activity.ends_at = at(day, 18), at(day, 19)
    activities.activity_save(activity=activity, by=world.team_leader)
    assert Booking.objects.get(activity=activity).status == "pending"  # the approval was for 9:00


def _group_with_session(world, room, day):
    group = groupwork.group_create(
        name="银龄数字课堂", region=world.community, goals="视频通话", by=world.social_worker
    )
    member = groupwork.member_add(group=group, by=world.social_worker, recipient=world.recipient)
    groupwork.group_advance(group=group, by=world.social_worker)
    session = groupwork.session_record(
        group=group, by=world.social_worker, on=day, plan="认识手机", notes="", present=[member], room=room,
        starts=datetime.time(9), ends=datetime.time(10),
    )  # fmt: skip
    return group, session


def test_a_group_session_moved_or_cancelled_takes_its_booking_along(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(3)
    group, session = _group_with_session(world, day_care, day)
    later = day + datetime.timedelta(days=7)
    groupwork.session_reschedule(
        session=session, by=world.social_worker, on=later, starts=datetime.time(14), ends=datetime.time(15)
    )
    session.refresh_from_db()
    assert (session.on, session.booking.starts_at) == (later, at(later, 14))
    services.booking_create(
        room=day_care, starts_at=at(later, 9), ends_at=at(later, 10), by=world.social_worker, title="议事会",
        team=world.team,
    )  # fmt: skip
    with pytest.raises(groupwork.GroupError, match="日间照料室 已在 .* 09:00–10:00 被预订"):
        groupwork.session_reschedule(
            session=session, by=world.social_worker, on=later, starts=datetime.time(9), ends=datetime.time(10)
        )
    session.refresh_from_db()
    assert (session.on, session.booking.starts_at) == (later, at(later, 14))
    groupwork.session_cancel(session=session, by=world.social_worker, reason="社工培训")
    session.refresh_from_db()
    assert session.cancelled == "社工培训"
    assert (session.booking.status, session.booking.reason) == ("cancelled", "社工培训")


def test_ending_a_group_cancels_the_bookings_of_its_sessions_to_come(world, centre):
    _venue, day_care, _rehab = centre
    group, session = _group_with_session(world, day_care, next_weekday(3))
    for _step in range(2):  # forming → transition → mature
        groupwork.group_advance(group=group, by=world.social_worker)
    groupwork.group_end(group=group, by=world.social_worker, evaluation="目标达成", goals_met=4)
    session.booking.refresh_from_db()
    assert session.booking.status == "cancelled"


def test_a_session_is_moved_and_cancelled_on_the_group_page_and_another_countys_user_gets_404(world, centre, login):
    _venue, day_care, _rehab = centre
    day = next_weekday(3)
    group, session = _group_with_session(world, day_care, day)
    move = reverse("groupwork:session_step", args=[group.pk, 1, "move"])
    cancel = reverse("groupwork:session_step", args=[group.pk, 1, "cancel"])
    later = day + datetime.timedelta(days=7)
    data = {"on": later.isoformat(), "starts": "14:00", "ends": "15:00"}
    outsider = login(world.outsider)
    assert outsider.post(move, data).status_code == 404
    assert outsider.post(cancel, {"reason": "越权"}).status_code == 404
    session.refresh_from_db()
    assert (session.on, session.booking.starts_at, session.cancelled) == (day, at(day, 9), "")
    client = login(world.social_worker)
    page = client.get(reverse("groupwork:detail", args=[group.pk])).content.decode()
    assert move in page and "日间照料室 09:00–10:00" in page
    client.post(move, data)
    session.refresh_from_db()
    assert (session.on, session.booking.starts_at) == (later, at(later, 14))
    refused = client.post(move, data | {"starts": "18:00", "ends": "19:00"}, follow=True).content.decode()
    assert "日间照料室 当天的开放时间为 08:30 至 17:30。" in refused
    client.post(cancel, {"reason": "社工培训"})
    session.refresh_from_db()
    assert (session.cancelled, session.booking.status) == ("社工培训", "cancelled")
    page = client.get(reverse("groupwork:detail", args=[group.pk])).content.decode()
    assert move not in page and "社工培训" in page
