"""Every change to venues and rooms themselves: their details, teams, opening hours, closed days, photos and the
code on the door. Bookings are changed in `venues.services`."""

import datetime

from django.db import transaction
from django.utils import timezone

from venues.models import ClosedDay, Room, RoomHours, RoomPhoto, Venue
from venues.models.rooms import new_secret
from venues.photos import PhotoError, clean_photo
from venues.workflow import BookingError


@transaction.atomic
def room_qr_renew(*, room: Room, by) -> Room:
    """A new secret for the room's code on the door: the old code stops opening the check-in. Who renewed it,
    and when, is kept with the room."""
    room.qr_secret = new_secret()
    room.qr_renewed_at, room.qr_renewed_by = timezone.now(), by
    room.save(update_fields=["qr_secret", "qr_renewed_at", "qr_renewed_by"])
    return room


@transaction.atomic
def venue_save(*, venue: Venue, by) -> Venue:
    venue.save()
    return venue


@transaction.atomic
def room_save(*, room: Room, by, teams=None, hours=None) -> Room:
    """Save a room, the teams based in it, and its opening hours: {weekday: (opens, closes)} (closed when absent)."""
    room.save()
    if teams is not None:
        room.teams.set(teams)
    if hours is not None:
        room.hours.all().delete()
        RoomHours.objects.bulk_create(
            RoomHours(room=room, weekday=weekday, opens=opens, closes=closes)
            for weekday, (opens, closes) in hours.items()
        )
    return room


@transaction.atomic
def closed_day_add(*, venue: Venue, on: datetime.date, reason: str, by, room: Room | None = None) -> ClosedDay:
    return ClosedDay.objects.create(venue=venue, room=room, on=on, reason=reason)


@transaction.atomic
def photo_add(*, room: Room, upload, caption: str, by) -> RoomPhoto:
    try:
        data, width, height = clean_photo(upload)
    except PhotoError as error:
        raise BookingError(str(error)) from None
    return RoomPhoto.objects.create(room=room, image=data, width=width, height=height, caption=caption, uploaded_by=by)
