"""The pages of venues: who sees them (another county's admin gets 404 on each), booking from the calendar,
the refusal with the nearest free times, and check-in by the code on the door."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qianniu.tests import factories as f
from venues import services
from venues.models import Booking, RoomUse
from venues.tests.conftest import at, next_weekday


@pytest.fixture
def booked(world, centre):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    return services.booking_create(
        room=day_care, starts_at=at(day, 9), ends_at=at(day, 10), by=world.team_leader, title="韩桂兰的康复训练",
        team=world.team,
    )  # fmt: skip


def management_pages(venue, room, booking):
    return [
        reverse("venues:venue_week", args=[venue.pk]),
        reverse("venues:venue_edit", args=[venue.pk]),
        reverse("venues:venue_usage", args=[venue.pk]),
        reverse("venues:room_create", args=[venue.pk]),
        reverse("venues:room_week", args=[room.pk]),
        reverse("venues:room_edit", args=[room.pk]),
        reverse("venues:room_qr", args=[room.pk]),
        reverse("venues:booking_new", args=[room.pk]),
        reverse("venues:booking_detail", args=[booking.pk]),
    ]


def test_another_countys_admin_gets_404_on_every_management_page(world, centre, booked, login):
    venue, day_care, _rehab = centre
    pages = management_pages(venue, day_care, booked)
    client = login(world.social_worker)
    assert [client.get(url).status_code for url in pages] == [200] * len(pages)
    client = login(world.outsider)
    assert [client.get(url).status_code for url in pages] == [404] * len(pages)
    posts = [
        reverse("venues:closed_day_add", args=[venue.pk]),
        reverse("venues:photo_add", args=[day_care.pk]),
        reverse("venues:booking_step", args=[booked.pk, "cancel"]),
    ]
    assert [client.post(url, {"reason": "x"}).status_code for url in posts] == [404] * len(posts)
    booked.refresh_from_db()
    assert booked.status == "approved"
    listed = client.get(reverse("venues:venue_list"))
    assert venue.name not in listed.content.decode()
    assert venue.name in login(world.social_worker).get(reverse("venues:venue_list")).content.decode()


def test_the_team_sees_its_venue_and_its_booking_and_others_do_not(world, centre, booked, login):
    venue, _day_care, _rehab = centre
    client = login(world.volunteer_user)  # a member of the team
    assert client.get(reverse("venues:venue_week", args=[venue.pk])).status_code == 200
    assert client.get(reverse("venues:booking_detail", args=[booked.pk])).status_code == 200
    assert client.get(reverse("venues:venue_edit", args=[venue.pk])).status_code == 403  # sees, does not manage
    client = login(world.other_volunteer.user)  # a volunteer of another community's team
    assert client.get(reverse("venues:venue_week", args=[venue.pk])).status_code == 404
    assert client.get(reverse("venues:booking_detail", args=[booked.pk])).status_code == 404


def test_a_member_of_another_team_sees_the_time_taken_but_not_whose_booking_it_is(world, centre, booked, login):
    venue, _day_care, _rehab = centre
    week = {"week": booked.starts_at.date().isoformat()}
    own = login(world.volunteer_user).get(reverse("venues:venue_week", args=[venue.pk]), week).content.decode()
    assert "韩桂兰的康复训练" in own
    choir = f.OrganisationFactory(name="合唱队", kind="team", region=world.community)
    singer = f.volunteer(name="唱歌的", region=world.community)
    f.member(choir, singer)
    other = login(singer.user).get(reverse("venues:venue_week", args=[venue.pk]), week)
    assert other.status_code == 200
    page = other.content.decode()
    assert "韩桂兰的康复训练" not in page and "已预订" in page
    assert login(singer.user).get(reverse("venues:booking_detail", args=[booked.pk])).status_code == 404


def test_the_public_page_shows_rooms_hours_and_free_times_and_no_personal_data(world, centre, booked, client):
    venue, _day_care, _rehab = centre
    monday = booked.starts_at.date() - datetime.timedelta(days=booked.starts_at.weekday())
    response = client.get(reverse("venues:place_detail", args=[venue.pk]), {"week": monday.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "日间照料室" in page and "康复室" in page
    assert "08:30–17:30" in page  # the hours
    assert "09:00–10:00" in page and "已预订" in page  # the booked hour, as "booked"
    assert "空闲 10:00–17:30" in page
    for private in ("韩桂兰", world.team.name, world.team_leader.name, world.team_leader.phone, "预订人"):
        assert private not in page
    assert "韩桂兰的康复训练" in login_page(world, venue, monday)


def login_page(world, venue, monday):
    from django.test import Client

    from qianniu.tests import factories as f

    client = Client()
    client.force_login(world.social_worker)
    f.two_factor_verified(client, world.social_worker)
    return client.get(reverse("venues:venue_week", args=[venue.pk]), {"week": monday.isoformat()}).content.decode()


def test_an_unpublished_venue_has_no_public_page(world, centre, client):
    venue, _day_care, _rehab = centre
    assert client.get(reverse("venues:place_detail", args=[venue.pk])).status_code == 200
    venue.published = False
    venue.save(update_fields=["published"])
    assert client.get(reverse("venues:place_detail", args=[venue.pk])).status_code == 404


def test_a_taken_time_is_refused_on_the_form_with_the_free_times_to_click(world, centre, booked, login):
    _venue, day_care, _rehab = centre
    day = timezone.localtime(booked.starts_at).date()
    client = login(world.social_worker)
    url = reverse("venues:booking_new", args=[day_care.pk])
    data = {
        "title": "书法",
        "team": world.team.pk,
        "day": day.isoformat(),
        "starts": "09:30",
        "ends": "10:30",
        "expected": 5,
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "被预订。最近的空闲时间：" in page
    assert f"?day={day.isoformat()}&amp;starts=10:00&amp;ends=11:00" in page
    assert Booking.objects.count() == 1
    response = client.post(url, data | {"starts": "10:00", "ends": "11:00"})
    assert response.status_code == 302
    assert Booking.objects.count() == 2


def test_a_weekly_series_is_booked_from_the_form(world, centre, login):
    _venue, day_care, _rehab = centre
    day = next_weekday(2)
    client = login(world.team_leader)
    data = {"title": "银龄数字课堂", "team": world.team.pk, "day": day.isoformat(), "starts": "09:00", "ends": "10:00",
            "expected": 12, "weeks": 3, "weekdays": [2]}  # fmt: skip
    response = client.post(reverse("venues:booking_new", args=[day_care.pk]), data)
    assert response.status_code == 302
    assert Booking.objects.filter(series__isnull=False).count() == 3


def test_the_approval_steps_on_the_booking_page(world, centre, login):
    _venue, _day_care, rehab = centre
    day = next_weekday(3)
    booking = services.booking_create(
        room=rehab, starts_at=at(day, 9), ends_at=at(day, 10), by=world.social_worker, title="康复", team=world.team
    )
    own = login(world.social_worker).get(reverse("venues:booking_detail", args=[booking.pk])).content.decode()
    assert "将由社区的另一位工作人员审核" in own and "/approve/" not in own
    client = login(world.county_admin)
    assert "/approve/" in client.get(reverse("venues:booking_detail", args=[booking.pk])).content.decode()
    client.post(reverse("venues:booking_step", args=[booking.pk, "approve"]))
    booking.refresh_from_db()
    assert booking.status == "approved"


def test_the_code_on_the_door_checks_the_team_in(world, centre, login):
    _venue, day_care, _rehab = centre
    now = timezone.now()
    booking = Booking.objects.create(
        room=day_care, starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=1),
        title="日间照料", team=world.team, booked_by=world.team_leader, status="approved",
    )  # fmt: skip
    url = reverse("venues:check_in", args=[day_care.pk, day_care.qr_secret])
    assert login(world.social_worker).get(reverse("venues:room_qr", args=[day_care.pk])).status_code == 200
    other = login(world.other_volunteer.user).get(url).content.decode()
    assert "此时段房间已由其他队伍预订" in other
    client = login(world.volunteer_user)
    assert "日间照料" in client.get(url).content.decode()
    client.post(url, {"headcount": 9})
    assert RoomUse.objects.get(booking=booking).headcount == 9
    assert client.get(reverse("venues:check_in", args=[day_care.pk, "forged"])).status_code == 404


def test_usage_counts_hours_booked_and_used_and_no_shows(world, centre, login):
    venue, day_care, _rehab = centre
    now = timezone.now()
    for hours_ago, used in ((30, True), (50, False)):
        start = now - datetime.timedelta(hours=hours_ago)
        booking = Booking.objects.create(
            room=day_care, starts_at=start, ends_at=start + datetime.timedelta(hours=2), title="活动",
            team=world.team, booked_by=world.team_leader, status="approved",
        )  # fmt: skip
        if used:
            RoomUse.objects.create(booking=booking, checked_in_at=start, by=world.team_leader, headcount=7)
    page = login(world.social_worker).get(reverse("venues:venue_usage", args=[venue.pk])).content.decode()
    assert "空间共享：1 支队伍使用了房间，预订 4 小时中使用 2 小时。" in page
    assert "<td>4</td><td>2</td><td>1</td><td>7</td>" in page.replace("\n", "")
