"""A project books a room on its own page (venues: a booking by a project): once or weekly, refused with the
nearest free times when taken; those who change the project book, another county's user gets 404."""

import datetime

import pytest
from django.urls import reverse

from projects.models import Project
from venues.models import Booking
from venues.tests.conftest import at, next_weekday


@pytest.fixture
def project(world):
    return Project.objects.create(
        name="暖阳相伴", region=world.community, owner=world.team, lead=world.social_worker, method="group",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 12, 31),
    )  # fmt: skip


def test_a_project_books_a_room_on_its_page(world, centre, project, login):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    url = reverse("projects:book", args=[project.pk])
    client = login(world.social_worker)
    assert "日间照料室" in client.get(url).content.decode()
    data = {"room": day_care.pk, "title": "暖阳相伴·读书会", "day": day.isoformat(), "starts": "09:00", "ends": "10:00",
            "expected": 8}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    booking = Booking.objects.get(project=project)
    assert (booking.kind, booking.room, booking.starts_at) == ("project", day_care, at(day, 9))
    assert booking.status == "approved"
    assert url in client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "日间照料室" in client.get(url).content.decode().split('data-testid="project-bookings"')[1]
    refused = client.post(url, data | {"starts": "09:30", "ends": "10:30"}).content.decode()
    assert "日间照料室 已在" in refused and "最近的空闲时间" in refused
    assert Booking.objects.filter(project=project).count() == 1


def test_another_countys_user_gets_404_on_the_project_booking_page(world, centre, project, login):
    _venue, day_care, _rehab = centre
    url = reverse("projects:book", args=[project.pk])
    assert login(world.social_worker).get(url).status_code == 200
    outsider = login(world.outsider)
    assert outsider.get(url).status_code == 404
    data = {"room": day_care.pk, "title": "越权", "day": next_weekday(2).isoformat(), "starts": "09:00",
            "ends": "10:00", "expected": 2}  # fmt: skip
    assert outsider.post(url, data).status_code == 404
    assert not Booking.objects.filter(project=project).exists()


def test_the_projects_bookings_are_paged(world, centre, project, login):
    _venue, day_care, _rehab = centre
    first = next_weekday(1)
    Booking.objects.bulk_create(
        Booking(room=day_care, project=project, kind="project", title=f"读书会 {n}", booked_by=world.social_worker,
                status="approved", starts_at=at(first + datetime.timedelta(days=n), 9),
                ends_at=at(first + datetime.timedelta(days=n), 10))
        for n in range(51)
    )  # fmt: skip
    url = reverse("projects:book", args=[project.pk])
    client = login(world.social_worker)
    page = client.get(url).content.decode()
    listed = page.split('data-testid="project-bookings"')[1].split("</ul>")[0]
    assert listed.count("<li") == 50
    assert 'rel="next"' in page
    after = page.split('rel="next" class="btn btn-outline-secondary" href="?')[1].split('"')[0].replace("&amp;", "&")
    rest = client.get(f"{url}?{after}").content.decode()
    assert rest.split('data-testid="project-bookings"')[1].split("</ul>")[0].count("<li") == 1
