"""The demo's venue (issue 17): 龙广里's centre with its rooms, the 18 teams based in them, the weekly series of
its two groups (银龄数字课堂, 曲艺队) as the groups' sessions, and a week of use checked in at the doors."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.venues import ROOMS, TEAMS
from groupwork.models import Group, GroupStage
from venues.models import Booking, BookingSeries, Room, RoomUse, Venue


@pytest.fixture
def demo(db):
    call_command("load_demo", volunteers=50, recipients=20, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_demo_centre_has_its_rooms_teams_group_series_and_a_week_of_use(demo):
    centre = Venue.objects.get(name="龙广里党群服务中心")
    assert centre.region.code == "620302001001"
    rooms = Room.objects.filter(venue=centre)
    assert sorted(rooms.values_list("name", flat=True)) == sorted(row[0] for row in ROOMS)
    assert all(room.hours.exists() for room in rooms)
    based = set(rooms.values_list("teams__name", flat=True))
    assert based == set(TEAMS) and len(TEAMS) == 18

    for name, room, weekdays in (("银龄数字课堂", "书画室", {2}), ("曲艺队", "多功能活动室", {1, 3})):
        group = Group.objects.get(name=name, region=centre.region)
        assert group.status == GroupStage.FORMING and group.members.count() == 1
        sessions = list(group.sessions.select_related("booking__room", "booking__team"))
        series = BookingSeries.objects.get(room__venue=centre, room__name=room)
        assert series.weeks == 8 and {int(d) for d in series.weekdays.split(",")} == weekdays
        assert [s.booking for s in sessions] == list(series.bookings.order_by("starts_at"))
        assert len(sessions) == 8 * len(weekdays) - len(series.skipped)
        assert {s.booking.kind for s in sessions} == {"session"} and sessions[0].booking.team is not None
        assert {s.on.weekday() for s in sessions} <= weekdays | {5, 6}  # a make-up working day at most besides

    today = timezone.localdate()
    last_monday = today - datetime.timedelta(days=today.weekday() + 7)
    last_week = Booking.objects.filter(
        room__venue=centre,
        starts_at__date__gte=last_monday,
        starts_at__date__lt=last_monday + datetime.timedelta(days=7),
    )
    used = RoomUse.objects.filter(booking__in=last_week)
    assert last_week.filter(series=None).count() == 5  # the teams' own bookings, one a no-show
    assert used.filter(booking__series=None).count() == 4
    assert used.filter(booking__series__isnull=False).count() == last_week.exclude(series=None).count() >= 2
