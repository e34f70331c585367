"""The steps of a booking as one table: requested → booked (approved by a worker of the venue's area where the
room asks for it, at once elsewhere: the wait at "pending" asks the booking's room) or refused; a pending or
approved booking can be cancelled with a reason, or moved to another time (waiting again for the approval
where the room asks for it, so a move cannot carry an approval to a time nobody approved); a booked one is
checked in at the room. Nobody approves or refuses their own booking."""

from django.utils.translation import gettext_lazy as _

from core.access import can_change
from core.workflow import Actor, Step, Wait, Workflow
from venues.models import Booking, BookingAction, BookingEvent, BookingStatus, Venue


class BookingError(ValueError):
    """A booking or a step of one that is refused; the message says why, in the user's language."""


def booking_event_record(booking: Booking, *, action: str, from_status: str, to_status: str, by, note: str = ""):
    return BookingEvent.objects.create(
        booking=booking, action=action, from_status=from_status, to_status=to_status, by=by, note=note
    )


def _manages_venue(user, booking: Booking) -> bool:
    return Venue.objects.changeable_by(user).filter(pk=booking.room.venue_id).exists()


def _sees(user, booking: Booking) -> bool:
    return Booking.objects.visible_to(user).filter(pk=booking.pk).exists()


BOOKING_FLOW = Workflow(
    model=Booking,
    error=BookingError,
    record=booking_event_record,
    related=("room",),
    actors={
        "venue": Actor(_manages_venue, _("Only the workers of the venue's community decide its bookings.")),
        "holder": Actor(can_change, _("Only whoever booked, the team's leader or the venue's workers can do this.")),
        "user": Actor(_sees, _("Only the team that booked the room checks in.")),
    },
    action_label=lambda action: BookingAction(action).label,
    status_label=lambda status: BookingStatus(status).label,
    refusal=_("“%(action)s” cannot be done while the booking is “%(status)s”."),
    waits={
        BookingStatus.PENDING: Wait(
            BookingAction.APPROVE, lambda booking: booking.room.needs_approval, _("The room needs no approval.")
        )
    },
    steps={
        BookingAction.APPROVE: Step(
            frozenset({BookingStatus.PENDING}),
            BookingStatus.APPROVED,
            "venue",
            not_own=True,
            own_refusal=_("Nobody approves their own booking: another worker of the community will."),
        ),
        BookingAction.REJECT: Step(
            frozenset({BookingStatus.PENDING}),
            BookingStatus.REJECTED,
            "venue",
            not_own=True,
            own_refusal=_("Nobody decides their own booking: another worker of the community will."),
        ),
        BookingAction.CANCEL: Step(
            frozenset({BookingStatus.PENDING, BookingStatus.APPROVED}), BookingStatus.CANCELLED, "holder"
        ),
        BookingAction.MOVE: Step(
            frozenset({BookingStatus.PENDING, BookingStatus.APPROVED}), BookingStatus.PENDING, "holder"
        ),
        BookingAction.CHECK_IN: Step(
            frozenset({BookingStatus.APPROVED}),
            None,
            "user",
            refusal=_("Only a booking that is confirmed can be checked in."),
        ),
    },
)
