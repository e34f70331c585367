"""The bookings list's export: the list's bookings with its status filter, who booked with their mobile number
masked, no other county's booking."""

import datetime
import io

import openpyxl
from django.urls import reverse

from venues.models import Booking, BookingStatus, Room, Venue
from venues.tests.conftest import at, next_weekday


def _values(response) -> list:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell.value for row in book.active.iter_rows() for cell in row]


def test_the_bookings_list_exports_its_bookings_masked_filtered_and_no_other_county_s(world, login, centre):
    _venue, day_care, rehab = centre
    day = next_weekday()
    ours = Booking.objects.create(
        room=day_care, starts_at=at(day, 9), ends_at=at(day, 11), title="=1+1 健康讲座", team=world.team,
        booked_by=world.volunteer_user, status=BookingStatus.APPROVED,
    )  # fmt: skip
    pending = Booking.objects.create(
        room=rehab, starts_at=at(day, 14), ends_at=at(day, 15), title="康复训练", booked_by=world.social_worker,
    )  # fmt: skip
    venue = Venue.objects.create(name="龙广社区服务中心", region=world.foreign_community, address="x")
    room = Room.objects.create(venue=venue, name="活动室", function="day_care", capacity=10)
    Booking.objects.create(
        room=room, starts_at=at(day, 9), ends_at=at(day, 10), title="别县的讲座", booked_by=world.outsider,
        status=BookingStatus.APPROVED,
    )  # fmt: skip
    client = login(world.county_admin)
    values = _values(client.get(reverse("venues:booking_list"), {"export": "xlsx"}))
    assert "'=1+1 健康讲座" in values and "康复训练" in values and ours.pk in values
    assert "张三" in values and "139****5678" in values and "13912345678" not in values
    assert "别县的讲座" not in values and "龙广社区服务中心" not in values
    filtered = _values(client.get(reverse("venues:booking_list"), {"export": "xlsx", "status": "pending"}))
    assert pending.pk in filtered and "康复训练" in filtered and "'=1+1 健康讲座" not in filtered
    assert "export=xlsx" in client.get(reverse("venues:booking_list")).content.decode()
    assert day > datetime.date.today()
