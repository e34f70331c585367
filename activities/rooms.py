"""The room of an activity: booked with it when it is planned (venues), and following it afterwards: moved
with its time (refused, with the nearest free times, when the room is taken then) and cancelled with it."""

from django.utils.translation import gettext as _

from activities.models import Activity, ActivityStatus
from venues import services as venue_services
from venues.models import ACTIVE_STATUSES, Booking, BookingKind
from venues.workflow import BookingError


class RoomRefused(ValueError):
    """The room refused the activity's booking or its change; activities.services turns it into its error."""


def book_room(activity: Activity, room, by) -> None:
    """Book the room chosen when the activity is planned, for its time; refused (and nothing saved) when taken."""
    try:
        activity.booking = venue_services.booking_create(
            room=room, starts_at=activity.starts_at, ends_at=activity.ends_at, by=by, title=activity.title,
            kind=BookingKind.ACTIVITY, team=activity.organiser, expected=min(activity.quota, room.capacity),
        )  # fmt: skip
    except BookingError as error:
        raise RoomRefused(str(error)) from None
    activity.save(update_fields=["booking"])


def follow(activity: Activity, by) -> None:
    """Bring the activity's booking in line with the activity being saved: cancelled with it (one that has
    begun stays, its use or no-show counted), moved with its time (refused for one that has begun, which keeps
    its time); one cancelled or refused is booked again when the activity moves (`_book_again`). The caller's
    transaction holds the change of the activity too, so a refusal leaves both as they were."""
    booking = Booking.objects.filter(pk=activity.booking_id).select_related("room").first()
    if booking is None:
        return
    if booking.status not in ACTIVE_STATUSES:
        _book_again(activity, booking, by)
        return
    try:
        if activity.status == ActivityStatus.CANCELLED:
            if not booking.has_begun():
                venue_services.booking_cancel(
                    booking=booking, by=by, reason=_("The activity was cancelled."), automatic=True
                )
        elif (booking.starts_at, booking.ends_at) != (activity.starts_at, activity.ends_at):
            venue_services.booking_move(
                booking=booking, starts_at=activity.starts_at, ends_at=activity.ends_at, by=by, automatic=True
            )
    except BookingError as error:
        raise RoomRefused(str(error)) from None


def _book_again(activity: Activity, dropped: Booking, by) -> None:
    """The activity's booking was cancelled or refused (the room wanted for something else, a clash): moved to
    another time, the activity books the same room again, or the move is refused with the nearest free times.
    Left at its time (or cancelled itself), it keeps no room."""
    if activity.status == ActivityStatus.CANCELLED:
        return
    if (dropped.starts_at, dropped.ends_at) == (activity.starts_at, activity.ends_at):
        return
    book_room(activity, dropped.room, by)
