"""The pinned chinesecalendar knows the State Council's schedule up to the end of 2026. A later day is treated
as an ordinary week (weekends off, no holiday, no make-up working day), and the booking pages say so: the form
always, and a weekly series that reaches past the known schedule when it is booked and on its bookings' pages."""

import datetime

from django.urls import reverse
from django.utils import timezone

from venues import calendar
from venues.models import Booking

D = datetime.date
NOTICE = "国务院尚未公布（或本系统尚未收录）2026年12月31日之后的节假日安排"


def test_the_last_known_day_is_the_end_of_2026_and_a_later_new_years_day_is_an_ordinary_friday():
    assert D(2026, 12, 31) == calendar.KNOWN_UNTIL
    assert calendar.holiday_name(D(2026, 1, 1)) == "元旦"
    assert calendar.holiday_name(D(2027, 1, 1)) is None
    assert not calendar.is_makeup_workday(D(2027, 1, 9))  # a Saturday stays a weekend


def test_a_series_past_the_known_schedule_is_booked_as_ordinary_weeks_and_says_so(world, centre, login):
    _venue, day_care, _rehab = centre
    client = login(world.team_leader)
    url = reverse("venues:booking_new", args=[day_care.pk])
    assert "节假日安排已收录至 2026年12月31日" in client.get(url).content.decode()
    data = {"title": "曲艺队排练", "team": world.team.pk, "day": "2026-12-25", "starts": "09:00", "ends": "10:00",
            "expected": 12, "weeks": 3, "weekdays": [4]}  # fmt: skip
    page = client.post(url, data, follow=True).content.decode()
    days = [timezone.localtime(b.starts_at).date() for b in Booking.objects.filter(title="曲艺队排练")]
    assert days == [D(2026, 12, 25), D(2027, 1, 1), D(2027, 1, 8)]  # 1 January 2027 booked as a Friday
    assert NOTICE in page  # the message after booking, and the booking's page
    assert page.count(NOTICE) == 2


def test_a_series_within_the_known_schedule_says_nothing_of_it(world, centre, login):
    _venue, day_care, _rehab = centre
    client = login(world.team_leader)
    data = {"title": "书画班", "team": world.team.pk, "day": "2026-12-07", "starts": "09:00", "ends": "10:00",
            "expected": 12, "weeks": 2, "weekdays": [0]}  # fmt: skip
    page = client.post(reverse("venues:booking_new", args=[day_care.pk]), data, follow=True).content.decode()
    assert Booking.objects.filter(title="书画班").count() == 2
    assert "已预订 2 次；跳过 0 天。" in page
    assert NOTICE not in page
