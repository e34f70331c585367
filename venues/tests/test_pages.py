"""The room's week page (its booking and its free times), a photo uploaded to a room (kept without the camera's
metadata), and the public list of places (no personal data, nothing of another region's private venue)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from venues import places, services
from venues.models import Room, RoomPhoto, Venue
from venues.tests.conftest import DAY_HOURS, at, next_weekday


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def test_the_room_week_shows_its_booking_and_its_free_times(world, centre, login):
    _venue, day_care, _rehab = centre
    day = next_weekday(1)
    services.booking_create(
        room=day_care, starts_at=at(day, 9), ends_at=at(day, 10), by=world.team_leader, title="韩桂兰的康复训练",
        team=world.team,
    )  # fmt: skip
    client = login(world.social_worker)
    response = client.get(reverse("venues:room_week", args=[day_care.pk]), {"week": monday_of(day).isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    booked = page.split('data-testid="booked"')
    assert len(booked) == 2 and "09:00–10:00" in booked[1] and "韩桂兰的康复训练" in booked[1]
    free = [part.split("</", 1)[0] for part in page.split('data-testid="free"')[1:]]
    # Tuesday: before and after the booking; the four other working days whole; closed at the weekend
    assert len(free) == 6
    assert any("08:30–09:00" in slot for slot in free) and any("10:00–17:30" in slot for slot in free)
    assert sum("08:30–17:30" in slot for slot in free) == 4


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (800, 600), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel X"  # Model
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_uploaded_to_a_room_is_kept_without_its_camera_metadata(world, centre, login):
    _venue, day_care, _rehab = centre
    raw = jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as sent:
        assert sent.getexif().get(0x010F) == "PhoneMaker" and sent.getexif().get_ifd(0x8825)  # the test's own check
    client = login(world.social_worker)
    upload = SimpleUploadedFile("room.jpg", raw, content_type="image/jpeg")
    response = client.post(reverse("venues:photo_add", args=[day_care.pk]), {"photo": upload, "caption": "活动现场"})
    assert response.status_code == 302
    photo = RoomPhoto.objects.get(room=day_care)
    assert (photo.caption, photo.width, photo.height, photo.uploaded_by) == ("活动现场", 800, 600, world.social_worker)
    served = client.get(reverse("venues:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    stored = b"".join(served.streaming_content) if served.streaming else served.content
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as kept:
        assert kept.format == "JPEG" and kept.size == (800, 600)
        assert not kept.getexif() and "exif" not in kept.info


def test_the_public_list_of_places_shows_the_published_venues_and_nothing_private(world, centre, client):
    venue, day_care, _rehab = centre
    day = next_weekday(1)
    services.booking_create(
        room=day_care, starts_at=at(day, 9), ends_at=at(day, 10), by=world.team_leader, title="韩桂兰的康复训练",
        team=world.team,
    )  # fmt: skip
    foreign = Venue.objects.create(
        name="龙广里议事点", region=world.foreign_community, address="龙广里5号", published=False
    )
    hidden = places.room_save(
        room=Room(venue=foreign, name="秘密会议室", function="meeting", capacity=6), by=world.outsider, hours=DAY_HOURS
    )
    services.booking_create(
        room=hidden, starts_at=at(day, 14), ends_at=at(day, 15), by=world.outsider, title="包金花的调解",
        team=world.foreign_team,
    )  # fmt: skip
    listing = client.get(reverse("venues:place_list"))
    page = listing.content.decode()
    assert listing.status_code == 200
    assert venue.name in page and "团结路1号" in page and reverse("venues:place_detail", args=[venue.pk]) in page
    for private in ("龙广里议事点", "秘密会议室", "包金花", "韩桂兰", world.team.name, world.team_leader.name):
        assert private not in page
    detail = client.get(reverse("venues:place_detail", args=[venue.pk]), {"week": monday_of(day).isoformat()})
    page = detail.content.decode()
    assert "日间照料室" in page and "康复室" in page and "08:30–17:30" in page and "08:00–20:00" in page
    for private in ("韩桂兰", world.team.name, world.team_leader.name, world.outsider.name, "秘密会议室"):
        assert private not in page
    assert client.get(reverse("venues:place_detail", args=[foreign.pk])).status_code == 404
