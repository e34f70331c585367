"""The room's QR code, printed on its door, and the check-in it opens: the team under way says how many came."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scoped, signed_in
from core.qr import qr_svg
from venues import places, selectors, services
from venues.forms import CheckInForm
from venues.models import Booking, Room
from venues.workflow import BookingError


@scoped("room")
def room_qr(request, pk):
    room = get_for_user(Room.objects.select_related("venue", "qr_renewed_by"), request.user, pk, change=True)
    url = request.build_absolute_uri(reverse("venues:check_in", args=[room.pk, room.qr_secret]))
    return render(request, "venues/room_qr.html", {"room": room, "svg": qr_svg(url), "url": url})


@require_POST
@scoped("room")
def room_qr_renew(request, pk):
    """A new code for the door: the old one stops opening the check-in at once."""
    room = get_for_user(Room.objects.all(), request.user, pk, change=True)
    places.room_qr_renew(room=room, by=request.user)
    messages.success(
        request, _("The room's code has been renewed; the old one no longer works. Print the new one for the door.")
    )
    return redirect("venues:room_qr", pk=room.pk)


@signed_in
def check_in(request, pk, secret):
    """Opened by the code on the door: the booking under way now, if the user's team holds it."""
    room = Room.objects.select_related("venue").filter(pk=pk, qr_secret=secret).first()
    if room is None:
        raise Http404
    booking = selectors.current_booking(room)
    visible = booking is not None and Booking.objects.visible_to(request.user).filter(pk=booking.pk).exists()
    form = CheckInForm(
        request.POST if request.method == "POST" else None, initial={"headcount": getattr(booking, "expected", 1)}
    )
    if request.method == "POST" and visible and form.is_valid():
        try:
            services.room_check_in(booking=booking, by=request.user, headcount=form.cleaned_data["headcount"])
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Checked in: %(n)s people.") % {"n": form.cleaned_data["headcount"]})
            return redirect(booking)
    context = {
        "room": room,
        "booking": booking if visible else None,
        "other_booking": booking is not None and not visible,
        "form": form,
    }
    return render(request, "venues/check_in.html", context)
