"""A year past the pinned chinesecalendar entered by hand (venues.OfficialDay, in the back office): its holidays
are skipped, its make-up working days kept, and the pages stop saying that year is booked as ordinary weeks."""

import datetime

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from venues import calendar, services
from venues.models import Booking, OfficialDay

D = datetime.date
NOTICE = "国务院尚未公布（或本系统尚未收录）"


def enter_national_day_2027():
    """国庆 2027 as the State Council would publish it (the pattern of 2021, whose 1 October was a Friday too)."""
    days = [(D(2027, 10, n), "holiday") for n in range(1, 6)] + [
        (D(2027, 10, 6), "in_lieu"),
        (D(2027, 10, 7), "in_lieu"),
    ]
    days += [(D(2027, 9, 26), "workday"), (D(2027, 10, 9), "workday")]
    OfficialDay.objects.bulk_create(OfficialDay(on=on, kind=kind, name="国庆节") for on, kind in days)
    calendar.forget_entered()  # bulk_create sends no signal


def thursdays(world, room):
    _series, bookings = services.series_create(
        room=room, first_day=D(2027, 9, 23), starts=datetime.time(9), ends=datetime.time(10), weekdays={3},
        weeks=4, by=world.team_leader, title="曲艺队排练", team=world.team,
    )  # fmt: skip
    return [timezone.localtime(b.starts_at).date() for b in bookings], _series


def test_a_weekly_booking_across_an_entered_national_day_skips_it_and_keeps_the_make_up_day(world, centre):
    _venue, day_care, _rehab = centre
    assert thursdays(world, day_care)[0] == [D(2027, 9, 23), D(2027, 9, 30), D(2027, 10, 7), D(2027, 10, 14)]
    Booking.objects.all().delete()
    enter_national_day_2027()
    days, series = thursdays(world, day_care)
    assert days == [D(2027, 9, 23), D(2027, 9, 30), D(2027, 10, 9), D(2027, 10, 14)]  # Saturday 9 October kept
    assert series.skipped == [{"day": "2027-10-07", "reason": "国庆节"}]
    assert calendar.holiday_name(D(2027, 10, 1)) == "国庆节" and calendar.holiday_name(D(2027, 1, 1)) is None
    assert calendar.known_until() == D(2027, 12, 31)
    assert calendar.beyond_known(D(2028, 1, 3)) and not calendar.beyond_known(D(2027, 12, 30))


def test_the_pages_say_ordinary_weeks_only_for_years_with_no_entered_days(world, centre, login):
    _venue, day_care, _rehab = centre
    client = login(world.team_leader)
    url = reverse("venues:booking_new", args=[day_care.pk])
    enter_national_day_2027()
    assert "节假日安排已收录至 2027年12月31日" in client.get(url).content.decode()
    data = {"title": "书画班", "team": world.team.pk, "day": "2027-09-20", "starts": "09:00", "ends": "10:00",
            "expected": 12, "weeks": 3, "weekdays": [0]}  # fmt: skip
    page = client.post(url, data, follow=True).content.decode()
    assert Booking.objects.filter(title="书画班").count() == 2 and NOTICE not in page  # 4 October skipped
    # The series of test_calendar_years that says so without the entered days: across New Year into 2027.
    data.update(title="跨年班", day="2026-12-25", weekdays=[4])
    page = client.post(url, data, follow=True).content.decode()
    assert Booking.objects.filter(title="跨年班").count() == 3 and NOTICE not in page


def test_a_day_saved_in_the_back_office_is_read_at_once(db):
    assert admin.site.is_registered(OfficialDay)
    assert calendar.holiday_name(D(2027, 1, 1)) is None
    OfficialDay.objects.create(on=D(2027, 1, 1), kind="holiday", name="元旦")
    assert calendar.holiday_name(D(2027, 1, 1)) == "元旦"
    OfficialDay.objects.filter(on=D(2027, 1, 1)).get().delete()
    assert calendar.holiday_name(D(2027, 1, 1)) is None
