"""The columns of the bookings list's export (core/export.py): what the list shows, and who booked, their mobile
number masked."""

from django.utils.translation import gettext_lazy as _

from core.export import Column, choice, labels
from venues.models import Booking

_label = labels(Booking)


BOOKING_COLUMNS = [
    Column("#", lambda b: b.pk),
    Column(_label("starts_at"), lambda b: b.starts_at),
    Column(_label("ends_at"), lambda b: b.ends_at),
    Column(_("Venue"), lambda b: b.room.venue.name),
    Column(_label("room"), lambda b: b.room.name),
    Column(_label("title"), lambda b: b.title),
    Column(_label("team"), lambda b: b.team.name if b.team else ""),
    Column(_label("expected"), lambda b: b.expected),
    Column(_label("status"), choice("status")),
    Column(_label("booked_by"), lambda b: b.booked_by.name),
    Column(_("Mobile number"), lambda b: b.booked_by.masked_phone),
]
