"""An activity or a group's session chooses its room when it is planned and gets the booking with it; a taken
room refuses the plan with the nearest free times, and nothing is saved."""

import datetime

import pytest
from django.urls import reverse

from activities import services as activities
from activities.models import Activity
from groupwork import services as groupwork
from groupwork.models import Session
from venues.models import Booking
from venues.tests.conftest import at, next_weekday


def planned(world, day, start, end, title="书画交流"):
    return Activity(
        title=title, content="书法练习", organiser=world.team, lead=world.team_leader, region=world.community,
        place="党群服务中心", starts_at=at(day, start), ends_at=at(day, end), quota=10,
    )  # fmt: skip


def test_an_activity_planned_in_a_room_gets_its_booking_and_a_taken_room_refuses_it(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    activity = activities.activity_save(
        activity=planned(world, day, 9, 11), by=world.team_leader, room=day_care, repeat_weeks=1
    )
    booking = Booking.objects.get(activity=activity)
    assert (booking.kind, booking.room, booking.starts_at, booking.team) == (
        "activity",
        day_care,
        at(day, 9),
        world.team,
    )
    assert Booking.objects.filter(room=day_care, kind="activity").count() == 2  # the repeat next week too
    with pytest.raises(activities.ActivityError, match="日间照料室 已在 .* 10:00–12:00 被预订。最近的空闲时间："):
        activities.activity_save(activity=planned(world, day, 10, 12, "二次"), by=world.team_leader, room=day_care)
    assert not Activity.objects.filter(title="二次").exists()


def test_the_activity_form_offers_the_rooms_and_books_one(world, centre, login):
    _venue, day_care, _rehab = centre
    day = next_weekday(2)
    client = login(world.team_leader)
    form = client.get(reverse("activities:create")).content.decode()
    assert "日间照料室" in form
    data = {"title": "手机课", "content": "教老人用手机", "organiser": world.team.pk, "lead": world.team_leader.pk,
            "region": world.community.pk, "place": "日间照料室", "starts_at": f"{day}T14:00", "ends_at": f"{day}T15:00",
            "quota": 10, "min_age": 18, "status": "draft", "room": day_care.pk}  # fmt: skip
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 302
    assert Activity.objects.get(title="手机课").booking.room == day_care
    assert "日间照料室" not in login(world.other_volunteer.user).get(reverse("activities:list")).content.decode()


def test_a_group_session_books_its_room(world, centre):
    _venue, day_care, _rehab = centre
    group = groupwork.group_create(
        name="银龄数字课堂", region=world.community, goals="学会视频通话", by=world.social_worker
    )
    member = groupwork.member_add(group=group, by=world.social_worker, recipient=world.recipient)
    groupwork.group_advance(group=group, by=world.social_worker)
    day = next_weekday(3)
    session = groupwork.session_record(
        group=group, by=world.social_worker, on=day, plan="认识手机", notes="", present=[member], room=day_care,
        starts=datetime.time(9), ends=datetime.time(10),
    )  # fmt: skip
    assert session.booking.title == "银龄数字课堂 #1"
    assert (session.booking.kind, session.booking.expected) == ("session", 1)
    with pytest.raises(groupwork.GroupError, match="日间照料室 已在"):
        groupwork.session_record(
            group=group, by=world.social_worker, on=day, plan="第二次", notes="", present=[], room=day_care,
            starts=datetime.time(9, 30), ends=datetime.time(10, 30),
        )  # fmt: skip
    assert Session.objects.filter(group=group).count() == 1
