"""The official calendar (pure, venues/calendar.py): 国庆 2026 is 1–7 October, with 20 September and 10 October
worked in place of 6 and 7 October."""

import datetime

from venues import calendar

D = datetime.date


def test_the_holiday_and_its_make_up_days_are_known():
    assert calendar.holiday_name(D(2026, 10, 1)) == "国庆节"
    assert calendar.holiday_name(D(2026, 10, 8)) is None
    assert calendar.holiday_name(D(2026, 10, 17)) is None  # an ordinary Saturday is no holiday
    assert calendar.is_makeup_workday(D(2026, 10, 10))
    assert not calendar.is_makeup_workday(D(2026, 10, 17))
    assert calendar.makeup_day_for(D(2026, 10, 7)) == D(2026, 10, 10)
    assert calendar.makeup_day_for(D(2026, 10, 6)) == D(2026, 9, 20)
    assert calendar.makeup_day_for(D(2026, 10, 5)) is None  # a holiday proper, not a day off in lieu
    assert calendar.stands_in_for(D(2026, 10, 10)) == 2  # Wednesday's work


def test_a_wednesday_series_skips_national_day_and_meets_on_the_make_up_saturday():
    days, skipped = calendar.weekly(D(2026, 9, 23), {2}, 4, is_open=lambda day: True)
    assert [o.day for o in days] == [D(2026, 9, 23), D(2026, 9, 30), D(2026, 10, 10), D(2026, 10, 14)]
    assert days[2].moved_from == D(2026, 10, 7)
    assert [(s.day, s.reason) for s in skipped] == [(D(2026, 10, 7), "国庆节")]


def test_the_make_up_day_is_dropped_where_the_room_is_closed_and_exceptions_are_left_out():
    closed_on_the_tenth = lambda day: day != D(2026, 10, 10)  # noqa: E731
    days, skipped = calendar.weekly(D(2026, 9, 23), {2}, 4, is_open=closed_on_the_tenth, exceptions={D(2026, 9, 30)})
    assert [o.day for o in days] == [D(2026, 9, 23), D(2026, 10, 14)]
    assert [(s.day, s.reason) for s in skipped] == [(D(2026, 9, 30), "exception"), (D(2026, 10, 7), "国庆节")]


def test_a_thursday_series_loses_national_day_itself():
    days, skipped = calendar.weekly(D(2026, 9, 24), {3}, 3, is_open=lambda day: True)
    assert [o.day for o in days] == [D(2026, 9, 24), D(2026, 10, 8)]
    assert [(s.day, s.reason) for s in skipped] == [(D(2026, 10, 1), "国庆节")]
