"""Booking a room (once or weekly), a booking's page, and its steps: approve, refuse, cancel."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scoped
from core.export import export_format, export_response
from core.forms import errors_as_messages, post_data
from core.paging import keyset_page
from venues import calendar, services
from venues.exports import BOOKING_COLUMNS
from venues.forms import BookingForm, ReasonForm
from venues.models import Booking, BookingAction, BookingKind, BookingStatus, Room
from venues.views.common import beyond_calendar_notice, book_from_form, bookable_teams, may_book
from venues.workflow import BOOKING_FLOW, BookingError


def _initial(request, room) -> dict:
    """A free slot clicked on the calendar arrives as ?day=&starts=&ends=; one offered after a refusal keeps what
    was typed (title, team, expected)."""
    initial = {"expected": min(10, room.capacity)}
    for name in ("day", "starts", "ends", "title", "team", "expected"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    return initial


@scoped("room")
def booking_new(request, pk):
    room = get_for_user(Room.objects.select_related("venue"), request.user, pk)
    if not may_book(request.user):
        raise Http404
    form = BookingForm(post_data(request), initial=_initial(request, room), teams=bookable_teams(request.user))
    suggestions = []
    if request.method == "POST" and form.is_valid():
        done, suggestions = book_from_form(request, form, room, kind=BookingKind.TEAM, team=form.cleaned_data["team"])
        if done is not None:
            return done
    context = {
        "known_until": calendar.known_until(),
        "form": form,
        "room": room,
        "suggestions": [(timezone.localtime(s), timezone.localtime(e)) for s, e in suggestions],
        "kept": urlencode({name: form.data.get(name, "") for name in ("title", "team", "expected")}),
    }
    return render(request, "venues/booking_form.html", context)


@scoped("booking")
def booking_list(request):
    bookings = Booking.objects.visible_to(request.user).select_related("room__venue", "team")
    status = request.GET.get("status", "")
    if status in BookingStatus.values:
        bookings = bookings.filter(status=status)
    else:
        bookings = bookings.filter(ends_at__gte=timezone.now() - datetime.timedelta(days=1))
    if export_format(request):
        bookings = bookings.select_related("booked_by")
        return export_response(request, bookings.order_by("starts_at", "pk"), BOOKING_COLUMNS, _("Bookings"))
    page = keyset_page(bookings, request, order="starts_at")
    return render(
        request, "venues/booking_list.html", {"page": page, "status": status, "statuses": BookingStatus.choices}
    )


def _series_beyond_calendar(booking) -> bool:
    if not booking.series_id:
        return False
    last = booking.series.first_day + datetime.timedelta(weeks=booking.series.weeks, days=-1)
    return calendar.beyond_known(last)


@scoped("booking")
def booking_detail(request, pk):
    booking = get_for_user(Booking.objects.select_related("room__venue", "team", "booked_by"), request.user, pk)
    steps = {action: BOOKING_FLOW.may_take(booking, action, request.user) for action in BookingAction.values}
    context = {
        "booking": booking,
        "events": booking.events.select_related("by"),
        "use": getattr(booking, "use", None),
        "steps": steps,
        "reason_form": ReasonForm(),
        "skipped": booking.series.skipped if booking.series_id else [],
        "beyond_calendar": beyond_calendar_notice() if _series_beyond_calendar(booking) else "",
    }
    return render(request, "venues/booking_detail.html", context)


STEPS = {
    BookingAction.APPROVE: (lambda booking, by, data: services.booking_approve(booking=booking, by=by), False),
    BookingAction.REJECT: (lambda booking, by, data: services.booking_reject(booking=booking, by=by, **data), True),
    BookingAction.CANCEL: (lambda booking, by, data: services.booking_cancel(booking=booking, by=by, **data), True),
}


@require_POST
@scoped("booking")
def booking_step(request, pk, action):
    booking = get_for_user(Booking.objects.all(), request.user, pk)
    if action not in STEPS:
        raise Http404
    call, needs_reason = STEPS[action]
    form = ReasonForm(request.POST) if needs_reason else None
    if form is not None and not form.is_valid():
        errors_as_messages(request, form)
        return redirect(booking)
    try:
        call(booking, request.user, form.cleaned_data if form else {})
    except BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("venues:booking_detail", args=[booking.pk]))
