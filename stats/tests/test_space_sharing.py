"""The "space sharing" figure of the dashboards (stats/rooms.py): hours booked and used and no-shows per room
and per team, and the teams sharing each venue's rooms, kept as facts, equal to a live count of the bookings
at every level, after the first catch-up and after later steps; shown on the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stats.rooms import BOOKED, NO_SHOWS, USED, catch_up_rooms, live_space, sharing_by_venue, space_figures
from stats.selectors import Period
from venues.models import Booking, BookingEvent, Room, RoomUse, Venue


@pytest.fixture
def rooms(world):
    centre = Venue.objects.create(name="龙广里党群服务中心", region=world.community, address="龙广里1号")
    hall = Room.objects.create(venue=centre, name="多功能厅", function="activity", capacity=40)
    arts = Room.objects.create(venue=centre, name="书画室", function="arts", capacity=12)
    away = Venue.objects.create(name="外县中心", region=world.foreign_community, address="外县路1号")
    far = Room.objects.create(venue=away, name="活动室", function="activity", capacity=20)
    return centre, hall, arts, far


def _booking(world, room, team, days_ago, hours, *, used=False, status="approved"):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    booking = Booking.objects.create(
        room=room, starts_at=start, ends_at=start + datetime.timedelta(hours=hours), title="活动", team=team,
        booked_by=world.team_leader, status=status, reason="" if status in ("approved", "pending") else "取消",
    )  # fmt: skip
    if used:
        RoomUse.objects.create(booking=booking, checked_in_at=start, by=world.team_leader, headcount=6)
    return booking


def _periods():
    today = timezone.localdate()
    month = today.replace(day=1)
    return [Period(month, month), Period(month.replace(month=1), month.replace(month=12))]


def _assert_equal_live(world):
    compared = 0
    for region in (world.community, world.township, world.county, world.foreign_county, world.other_community):
        for period in _periods():
            assert space_figures(region, period) == live_space(region, period), (region.name, period)
            compared += 1
    return compared


def test_the_space_sharing_figure_equals_a_live_count_and_follows_later_steps(world, rooms):
    centre, hall, arts, far = rooms
    _booking(world, hall, world.team, 2, 2, used=True)
    missed = _booking(world, hall, world.team, 3, 1.5)
    _booking(world, arts, world.other_team, 2, 1, used=True)
    _booking(world, arts, None, 4, 1, used=True)  # a project's booking: no team
    _booking(world, hall, world.other_team, 5, 1, status="cancelled")
    _booking(world, arts, world.team, 1, 1, status="pending")
    _booking(world, hall, world.team, -2, 1)  # to come
    _booking(world, far, world.foreign_team, 2, 3, used=True)
    assert catch_up_rooms()
    assert _assert_equal_live(world) == 10
    year = _periods()[1]
    figures = space_figures(world.county, year)
    assert figures[BOOKED, ""] == 330 * 60  # seconds: 2 h + 1.5 h + 1 h + 1 h
    assert figures[USED, ""] == 240 * 60
    assert figures[NO_SHOWS, ""] == 1
    assert (figures[BOOKED, f"room:{hall.pk}"], figures[NO_SHOWS, f"team:{world.team.pk}"]) == (210 * 60, 1)
    assert sharing_by_venue(figures) == {centre.pk: 2}
    assert space_figures(world.foreign_county, year)[USED, f"venue:{far.venue_id}"] == 180 * 60

    # Checked in late (each step writes its event), a booking recorded since, and one that has ended since.
    RoomUse.objects.create(booking=missed, checked_in_at=missed.starts_at, by=world.social_worker, headcount=3)
    BookingEvent.objects.create(booking=missed, action="check_in", from_status="approved", to_status="approved")
    recorded = _booking(world, hall, world.other_team, 0.05, 0.5)
    BookingEvent.objects.create(booking=recorded, action="request", from_status="", to_status="approved")
    assert catch_up_rooms()
    ending = _booking(world, arts, world.team, 0.02, 1)  # under way now: not counted yet
    assert catch_up_rooms()
    _assert_equal_live(world)
    figures = space_figures(world.county, year)
    assert (figures[USED, ""], figures[BOOKED, ""], figures[NO_SHOWS, ""]) == (330 * 60, 360 * 60, 1)
    Booking.objects.filter(pk=ending.pk).update(ends_at=ending.starts_at + datetime.timedelta(minutes=27))
    assert catch_up_rooms()
    _assert_equal_live(world)
    assert space_figures(world.county, year)[NO_SHOWS, ""] == 2


def test_the_dashboard_shows_the_space_sharing_figure_to_its_region_only(world, rooms, login):
    centre, hall, arts, _far = rooms
    _booking(world, hall, world.team, 2, 2, used=True)
    _booking(world, arts, world.other_team, 2, 1, used=True)
    url = reverse("stats:dashboard", args=[world.community.code])
    page = login(world.social_worker).get(url).content.decode()
    table = page.split('data-testid="table-space_venues"')[1].split("</table>")[0]
    assert "龙广里党群服务中心" in table
    assert '<td class="text-end">2</td><td class="text-end">3</td><td class="text-end">3</td>' in table
    assert "多功能厅" in page.split('data-testid="table-space_rooms"')[1].split("</table>")[0]
    assert login(world.outsider).get(url).status_code == 404
