from venues.models.bookings import (
    ACTIVE_STATUSES,
    Booking,
    BookingAction,
    BookingEvent,
    BookingKind,
    BookingSeries,
    BookingStatus,
    RoomUse,
)
from venues.models.official import OfficialDay, OfficialDayChange, OfficialDayKind
from venues.models.rooms import ClosedDay, Room, RoomFunction, RoomHours, RoomPhoto, Venue, VenueKind

__all__ = [
    "ACTIVE_STATUSES",
    "Booking",
    "BookingAction",
    "BookingEvent",
    "BookingKind",
    "BookingSeries",
    "BookingStatus",
    "ClosedDay",
    "OfficialDay",
    "OfficialDayChange",
    "OfficialDayKind",
    "Room",
    "RoomFunction",
    "RoomHours",
    "RoomPhoto",
    "RoomUse",
    "Venue",
    "VenueKind",
]
