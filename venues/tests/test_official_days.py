"""A year past the pinned chinesecalendar entered by hand (venues.OfficialDay, on the page 法定节假日安排; the back
office only reads it): its holidays are skipped, its make-up working days kept, and the pages stop saying that
year is booked as ordinary weeks."""

import datetime

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from qianniu.tests import factories as f
from venues import calendar, services
from venues.models import Booking, OfficialDay, OfficialDayChange

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


def test_a_day_saved_outside_the_page_is_read_at_once(db):
    assert admin.site.is_registered(OfficialDay)
    assert calendar.holiday_name(D(2027, 1, 1)) is None
    OfficialDay.objects.create(on=D(2027, 1, 1), kind="holiday", name="元旦")
    assert calendar.holiday_name(D(2027, 1, 1)) == "元旦"
    OfficialDay.objects.filter(on=D(2027, 1, 1)).get().delete()
    assert calendar.holiday_name(D(2027, 1, 1)) is None


def test_the_back_office_reads_the_days_and_sends_every_change_to_the_page_that_records_it(world, login):
    day = OfficialDay.objects.create(on=D(2027, 1, 1), kind="holiday", name="元旦")
    superuser = f.UserFactory(name="郑强", is_superuser=True, is_staff=True)
    f.authenticator(superuser)
    client = login(superuser)
    changelist = client.get(reverse("admin:venues_officialday_changelist")).content.decode()
    assert (
        reverse("venues:official_days") in changelist
        and "那里会记录谁修改了什么" in changelist
        and "元旦" in changelist
    )
    assert client.get(reverse("admin:venues_officialday_add")).status_code == 403
    change = reverse("admin:venues_officialday_change", args=[day.pk])
    client.post(change, {"on": "2027-01-02", "kind": "workday", "name": "元旦"})
    assert client.post(reverse("admin:venues_officialday_delete", args=[day.pk]), {"post": "yes"}).status_code == 403
    actions = {"action": "delete_selected", "_selected_action": [day.pk], "post": "yes"}
    client.post(reverse("admin:venues_officialday_changelist"), actions)
    assert list(OfficialDay.objects.values_list("on", "kind")) == [(D(2027, 1, 1), "holiday")]
    assert not OfficialDayChange.objects.exists()
