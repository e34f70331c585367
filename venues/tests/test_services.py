"""Booking rooms: once and weekly across 国庆, approval where the room asks for it, cancellation with a reason,
the refusal of a taken time with the nearest free times, and check-in at the room."""

import datetime

import pytest
from django.utils import timezone

from venues import places, services
from venues.models import Booking, BookingEvent, Room, RoomUse
from venues.services import BookingConflict, BookingError
from venues.tests.conftest import at, next_weekday

D = datetime.date


def book(room, by, team, start, end, **extra):
    return services.booking_create(room=room, starts_at=start, ends_at=end, by=by, title="小组活动", team=team, **extra)


def test_a_weekly_booking_across_national_day_skips_the_holiday_and_keeps_the_make_up_working_day(world, centre):
    _venue, day_care, _rehab = centre
    # The pinned schedule ends with 2026 and today is after 国庆 2026, so the series is booked as a record.
    series, bookings = services.series_create(
        room=day_care,
        first_day=D(2026, 9, 23),
        starts=datetime.time(9),
        ends=datetime.time(10, 30),
        weekdays={2},
        weeks=4,
        by=world.team_leader,
        title="银龄数字课堂",
        team=world.team,
        past_allowed=True,
    )
    days = [timezone.localtime(b.starts_at).date() for b in bookings]
    assert days == [D(2026, 9, 23), D(2026, 9, 30), D(2026, 10, 10), D(2026, 10, 14)]  # Saturday 10 October kept
    assert series.skipped == [{"day": "2026-10-07", "reason": "国庆节"}]
    assert {b.status for b in bookings} == {"approved"}  # the day-care room needs no approval


def test_the_make_up_day_is_not_kept_where_the_room_does_not_open_on_it(world, centre):
    _venue, day_care, _rehab = centre
    day_care.follows_official_calendar = False  # its own hours only: closed every Saturday
    day_care.save(update_fields=["follows_official_calendar"])
    series, bookings = services.series_create(
        room=day_care,
        first_day=D(2026, 9, 24),
        starts=datetime.time(9),
        ends=datetime.time(10),
        weekdays={2, 3},
        weeks=2,
        by=world.team_leader,
        title="曲艺队排练",
        team=world.team,
        past_allowed=True,
    )
    days = [timezone.localtime(b.starts_at).date() for b in bookings]
    assert days == [D(2026, 9, 24), D(2026, 9, 30)]  # 7 October's work is not moved to the closed Saturday
    assert series.skipped == [{"day": "2026-10-01", "reason": "国庆节"}, {"day": "2026-10-07", "reason": "国庆节"}]


def test_a_series_with_one_taken_day_books_nothing_and_names_the_day(world, centre):
    _venue, day_care, _rehab = centre
    tuesday = next_weekday(1)
    book(
        day_care,
        world.social_worker,
        world.team,
        at(tuesday + datetime.timedelta(weeks=1), 9),
        at(tuesday + datetime.timedelta(weeks=1), 11),
    )
    with pytest.raises(BookingConflict, match="日间照料室 在 .* 已被预订。请把这些日子排除在系列之外"):
        services.series_create(
            room=day_care,
            first_day=tuesday,
            starts=datetime.time(10),
            ends=datetime.time(11),
            weekdays={1},
            weeks=3,
            by=world.team_leader,
            title="书法课",
            team=world.team,
        )
    assert Booking.objects.count() == 1
    _series, bookings = services.series_create(
        room=day_care,
        first_day=tuesday,
        starts=datetime.time(10),
        ends=datetime.time(11),
        weekdays={1},
        weeks=3,
        exceptions={tuesday + datetime.timedelta(weeks=1)},
        by=world.team_leader,
        title="书法课",
        team=world.team,
    )
    assert len(bookings) == 2


def test_a_taken_time_is_refused_with_the_nearest_free_times(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    first = book(day_care, world.team_leader, world.team, at(day, 9), at(day, 10))
    assert first.status == "approved"
    with pytest.raises(BookingConflict, match=r"日间照料室 已在 .* 09:30–10:30 被预订。最近的空闲时间：") as refused:
        book(day_care, world.social_worker, world.team, at(day, 9, 30), at(day, 10, 30))
    assert refused.value.suggestions[0] == (at(day, 10), at(day, 11))
    assert at(day, 8, 30) not in [start for start, _end in refused.value.suggestions]  # 8:30–9:30 overlaps too
    assert Booking.objects.count() == 1
    touching = book(day_care, world.social_worker, world.team, at(day, 10), at(day, 11))  # end meets start
    assert touching.pk


def test_a_cancelled_booking_frees_its_time_and_keeps_its_reason(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(2)
    booking = book(day_care, world.team_leader, world.team, at(day, 14), at(day, 15))
    with pytest.raises(BookingError, match="请说明取消预订的原因"):
        services.booking_cancel(booking=booking, by=world.team_leader, reason=" ")
    with pytest.raises(BookingError, match="只有预订人、队长或场地所在社区的工作人员可以这样做"):
        services.booking_cancel(booking=booking, by=world.volunteer_user, reason="不用了")
    services.booking_cancel(booking=booking, by=world.team_leader, reason="老师生病")
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == ("cancelled", "老师生病")
    assert book(day_care, world.social_worker, world.team, at(day, 14), at(day, 15)).status == "approved"


def test_a_room_that_asks_for_approval_waits_for_another_worker(world, centre):
    _venue, _day_care, rehab = centre
    day = next_weekday(3)
    booking = book(rehab, world.social_worker, world.team, at(day, 15), at(day, 16))
    assert booking.status == "pending"
    with pytest.raises(BookingError, match="任何人都不能批准自己的预订"):
        services.booking_approve(booking=booking, by=world.social_worker)
    with pytest.raises(BookingError, match="只有场地所在社区的工作人员可以决定预订"):
        services.booking_approve(booking=booking, by=world.team_leader)
    # a pending booking holds the time already
    with pytest.raises(BookingConflict, match="康复室 已在"):
        book(rehab, world.team_leader, world.team, at(day, 15, 30), at(day, 16, 30))
    services.booking_approve(booking=booking, by=world.county_admin)
    actions = list(BookingEvent.objects.filter(booking=booking).values_list("action", "by"))
    assert actions == [("request", world.social_worker.pk), ("approve", world.county_admin.pk)]


def test_a_refusal_gives_its_reason_and_frees_the_time(world, centre):
    _venue, _day_care, rehab = centre
    day = next_weekday(3)
    booking = book(rehab, world.team_leader, world.team, at(day, 9), at(day, 10))
    services.booking_reject(booking=booking, by=world.social_worker, reason="康复设备检修")
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == ("rejected", "康复设备检修")
    with pytest.raises(BookingError, match="“通过”不能在预订为“未通过”时进行"):
        services.booking_approve(booking=booking, by=world.county_admin)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ((8, 0), (9, 0), "日间照料室 当天的开放时间为 08:30 至 17:30"),
        ((17, 0), (18, 0), "日间照料室 当天的开放时间为 08:30 至 17:30"),
    ],
)
def test_a_booking_lies_within_the_opening_hours(world, centre, start, end, message):
    _venue, day_care, _rehab = centre
    day = next_weekday(0)
    with pytest.raises(BookingError, match=message):
        book(day_care, world.team_leader, world.team, at(day, *start), at(day, *end))


def test_closed_days_holidays_capacity_and_the_past_are_refused(world, centre):
    venue, day_care, _rehab = centre
    saturday = next_weekday(5)
    with pytest.raises(BookingError, match="日间照料室 在 .* 不开放"):
        book(day_care, world.team_leader, world.team, at(saturday, 9), at(saturday, 10))
    with pytest.raises(BookingError, match="日间照料室 国庆节期间不开放"):
        book(day_care, world.team_leader, world.team, at(D(2026, 10, 2), 9), at(D(2026, 10, 2), 10), past_allowed=True)
    with pytest.raises(BookingError, match="日间照料室 最多容纳 20 人"):
        book(day_care, world.team_leader, world.team, at(next_weekday(1), 9), at(next_weekday(1), 10), expected=21)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(BookingError, match="这个时间已经过去了"):
        book(day_care, world.team_leader, world.team, at(yesterday, 9), at(yesterday, 10))
    tuesday = next_weekday(1)
    places.closed_day_add(venue=venue, on=tuesday, reason="消防检查", by=world.social_worker)
    with pytest.raises(BookingError, match="日间照料室 在 .* 不开放"):
        book(day_care, world.team_leader, world.team, at(tuesday, 9), at(tuesday, 10))
    assert Booking.objects.count() == 0
    assert book(
        day_care,
        world.team_leader,
        world.team,
        at(tuesday + datetime.timedelta(days=1), 9),
        at(tuesday + datetime.timedelta(days=1), 10),
    ).pk


def test_the_team_checks_in_at_the_room_with_how_many_came(world, centre):
    _venue, day_care, _rehab = centre
    now = timezone.now()
    booking = Booking.objects.create(
        room=day_care, starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(minutes=50),
        title="日间照料", team=world.team, booked_by=world.team_leader, status="approved",
    )  # fmt: skip
    with pytest.raises(BookingError, match="只有预订的队伍可以签到"):
        services.room_check_in(booking=booking, by=world.other_volunteer.user, headcount=5)
    use = services.room_check_in(booking=booking, by=world.volunteer_user, headcount=12)
    assert (use.headcount, use.by) == (12, world.volunteer_user)
    services.room_check_in(booking=booking, by=world.team_leader, headcount=14)  # corrected, not doubled
    assert RoomUse.objects.get().headcount == 14
    later = Booking.objects.create(
        room=day_care, starts_at=now + datetime.timedelta(hours=2), ends_at=now + datetime.timedelta(hours=3),
        title="书画课", team=world.team, booked_by=world.team_leader, status="approved",
    )  # fmt: skip
    with pytest.raises(BookingError, match="请在预订的时间内到房间签到"):
        services.room_check_in(booking=later, by=world.team_leader, headcount=3)


def test_rooms_keep_their_teams_and_hours(world, centre):
    _venue, day_care, _rehab = centre
    assert list(day_care.teams.all()) == [world.team]
    assert Room.objects.get(pk=day_care.pk).hours_on(D(2026, 10, 10)) == (datetime.time(8, 30), datetime.time(17, 30))
    assert Room.objects.get(pk=day_care.pk).hours_on(D(2026, 10, 17)) is None


def test_a_booking_that_has_begun_is_neither_cancelled_nor_made_afresh(world, centre):
    _venue, _day_care, rehab = centre
    day = next_weekday(2)
    booking = services.booking_create(
        room=rehab, starts_at=at(day, 14), ends_at=at(day, 15), by=world.team_leader, title="康复", team=world.team
    )
    with pytest.raises(BookingError, match="已经开始的预订不能取消"):
        services.booking_cancel(booking=booking, by=world.team_leader, reason="没来", now=at(day, 14, 30))
    services.booking_cancel(booking=booking, by=world.team_leader, reason="改期", now=at(day, 13))
    now = timezone.now()
    if timezone.localtime(now - datetime.timedelta(minutes=16)).date() != timezone.localdate(now):
        pytest.skip("a booking begun 16 minutes ago would start yesterday")
    with pytest.raises(BookingError, match="这个时间已经过去了"):
        services.booking_create(
            room=rehab, starts_at=now - datetime.timedelta(minutes=16), ends_at=now + datetime.timedelta(minutes=1),
            by=world.team_leader, title="补订", team=world.team,
        )  # fmt: skip
