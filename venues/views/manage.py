"""Venues and rooms for the workers of their area: the list, the forms, the week calendar, the use."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, scope_of, scoped
from core.forms import errors_as_messages, post_data
from core.paging import keyset_page
from orgs.models import Kind, Organisation
from regions.selectors import regions_in_scope
from venues import places, selectors
from venues.forms import ClosedDayForm, PhotoForm, RoomForm, VenueForm
from venues.models import Room, Venue
from venues.views.common import asked_week, calendar_rows, may_book, week_context
from venues.workflow import BookingError


@scoped("venue")
def venue_list(request):
    venues = Venue.objects.visible_to(request.user).select_related("region")
    scope = scope_of(request.user)
    context = {
        "page": keyset_page(venues, request, order="name"),
        "may_create": bool(scope.staff_paths or scope.everything),
    }
    return render(request, "venues/venue_list.html", context)


@scoped("venue")
def venue_edit(request, pk=None):
    scope = scope_of(request.user)
    if pk is None and not (scope.staff_paths or scope.everything):
        raise Http404
    venue = get_for_user(Venue.objects.all(), request.user, pk, change=True) if pk else None
    regions = regions_in_scope(request.user)
    lenders = Organisation.objects.visible_to(request.user).exclude(kind=Kind.TEAM)
    form = VenueForm(post_data(request), instance=venue, regions=regions, lenders=lenders)
    if request.method == "POST" and form.is_valid():
        saved = places.venue_save(venue=form.save(commit=False), by=request.user)
        messages.success(request, _("Saved."))
        return redirect(saved)
    cancel = venue.get_absolute_url() if venue else reverse("venues:venue_list")
    return render(request, "core/form_page.html", {"form": form, "title": venue or _("New venue"), "cancel": cancel})


@scoped("venue")
def venue_week(request, pk):
    """The week of every room of the venue: bookings and free time, a table on a desk, a list per day on a phone."""
    venue = get_for_user(Venue.objects.select_related("region"), request.user, pk)
    monday = asked_week(request)
    context = week_context(monday) | {
        "venue": venue,
        "rows": calendar_rows(
            selectors.week(Room.objects.filter(venue=venue), monday), public=False, user=request.user
        ),
        "may_manage": can_change(request.user, venue),
        "may_book": may_book(request.user),
        "closed_form": ClosedDayForm(),
    }
    return render(request, "venues/venue_week.html", context)


@scoped("room")
def room_week(request, pk):
    room = get_for_user(Room.objects.select_related("venue"), request.user, pk)
    monday = asked_week(request)
    context = week_context(monday) | {
        "venue": room.venue,
        "room": room,
        "rows": calendar_rows(selectors.week(Room.objects.filter(pk=room.pk), monday), public=False, user=request.user),
        "may_manage": can_change(request.user, room),
        "may_book": may_book(request.user),
        "photo_form": PhotoForm(),
    }
    return render(request, "venues/room_week.html", context)


@scoped("room")
def room_edit(request, venue_pk=None, pk=None):
    room = get_for_user(Room.objects.select_related("venue"), request.user, pk, change=True) if pk else None
    venue = room.venue if room else get_for_user(Venue.objects.all(), request.user, venue_pk, change=True)
    teams = Organisation.objects.filter(kind=Kind.TEAM, region=venue.region).order_by("name")
    form = RoomForm(post_data(request), instance=room, teams=teams)
    if request.method == "POST" and form.is_valid():
        unsaved = form.save(commit=False)
        unsaved.venue = venue
        saved = places.room_save(
            room=unsaved, by=request.user, teams=form.cleaned_data["teams"], hours=form.cleaned_data["hours"]
        )
        messages.success(request, _("Saved."))
        return redirect(saved)
    title = room or _("New room of %(venue)s") % {"venue": venue.name}
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel": venue.get_absolute_url()})


@require_POST
@scoped("venue")
def closed_day_add(request, pk):
    venue = get_for_user(Venue.objects.all(), request.user, pk, change=True)
    form = ClosedDayForm(request.POST)
    if form.is_valid():
        places.closed_day_add(venue=venue, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect(venue)


@require_POST
@scoped("room")
def photo_add(request, pk):
    room = get_for_user(Room.objects.all(), request.user, pk, change=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            places.photo_add(
                room=room, upload=form.cleaned_data["photo"], caption=form.cleaned_data["caption"], by=request.user
            )
        except BookingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect(room)


@scoped("venue")
def venue_usage(request, pk):
    """Hours booked and used, no-shows, per room and per team, over a month by default."""
    venue = get_for_user(Venue.objects.all(), request.user, pk, change=True)
    today = timezone.localdate()
    try:
        first = datetime.date.fromisoformat(request.GET.get("from", ""))
        last = datetime.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        first, last = today - datetime.timedelta(days=30), today
    figures = selectors.usage(Room.objects.filter(venue=venue), first, last)
    return render(request, "venues/usage.html", {"venue": venue, "first": first, "last": last, **figures})
