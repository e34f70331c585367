"""A group's sessions planned weekly for some weeks in a room: booked as one series of the room (holidays and
closed days skipped, exceptions left out), one session per meeting linked to its booking; a clash refuses the
whole plan with the nearest free times, and saves nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groupwork import services
from groupwork.models import GroupEvent, Session
from venues import services as venues
from venues.models import Booking, ClosedDay
from venues.tests.conftest import at, next_weekday

WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def formed(world):
    group = services.group_create(
        name="银龄数字课堂", region=world.community, goals="学会视频通话", by=world.social_worker
    )
    services.member_add(group=group, by=world.social_worker, recipient=world.recipient)
    return services.group_advance(group=group, by=world.social_worker)


def plan(world, group, room, first, weeks=4, **extra):
    return services.sessions_plan(
        group=group, by=world.social_worker, room=room, first_day=first, starts=datetime.time(9),
        ends=datetime.time(10, 30), weeks=weeks, plan="认识智能手机", **extra,
    )  # fmt: skip


def test_a_group_plans_its_sessions_as_a_weekly_series_of_its_room(world, centre, formed):
    venue, day_care, _rehab = centre
    first = next_weekday(2)
    ClosedDay.objects.create(venue=venue, on=first + WEEK, reason="电路检修")
    sessions = plan(world, formed, day_care, first, weeks=5, exceptions={first + 3 * WEEK})
    assert [s.on for s in sessions] == [first, first + 2 * WEEK, first + 4 * WEEK]
    assert [s.number for s in sessions] == [1, 2, 3]
    bookings = [s.booking for s in sessions]
    assert all(b.kind == "session" and b.room == day_care and b.status == "approved" for b in bookings)
    assert [b.starts_at for b in bookings] == [at(s.on, 9) for s in sessions]
    series = bookings[0].series
    assert series is not None and {b.series_id for b in bookings} == {series.pk}
    assert [entry["reason"] for entry in series.skipped] == ["closed", "exception"]
    assert formed.events.filter(action="session").count() == 1


def test_a_clash_refuses_the_whole_plan_with_the_nearest_free_times(world, centre, formed):
    _venue, day_care, _rehab = centre
    first = next_weekday(2)
    taken = first + 2 * WEEK
    venues.booking_create(
        room=day_care, starts_at=at(taken, 10), ends_at=at(taken, 11), by=world.team_leader, title="队会",
        team=world.team,
    )  # fmt: skip
    events = GroupEvent.objects.count()
    with pytest.raises(services.GroupError, match="已被预订.*最近的空闲时间：.*11:00–12:30"):
        plan(world, formed, day_care, first)
    assert not Session.objects.exists()
    assert Booking.objects.count() == 1 and GroupEvent.objects.count() == events


def test_the_group_page_plans_the_series_and_another_county_gets_404(world, centre, formed, login):
    _venue, day_care, _rehab = centre
    first = next_weekday(3)
    data = {"room": day_care.pk, "first_day": first.isoformat(), "starts": "14:00", "ends": "15:00", "weeks": 3,
            "exceptions": "", "plan": "排练"}  # fmt: skip
    url = reverse("groupwork:step", args=[formed.pk, "plan"])
    outsider = login(world.outsider)
    assert outsider.get(formed.get_absolute_url()).status_code == 404
    assert outsider.post(url, data).status_code == 404
    assert not Session.objects.exists()
    client = login(world.social_worker)
    assert 'data-testid="plan-sessions"' in client.get(formed.get_absolute_url()).content.decode()
    assert client.post(url, data).status_code == 302
    sessions = list(formed.sessions.select_related("booking"))
    assert [s.on for s in sessions] == [first, first + WEEK, first + 2 * WEEK]
    assert {timezone.localtime(s.booking.starts_at).hour for s in sessions} == {14}
    page = client.get(formed.get_absolute_url()).content.decode()
    assert page.count("日间照料室 14:00–15:00") == 3
