"""The public pages of venues for residents: the rooms, their hours and this week's free time. No names, no
teams, no titles of bookings: only "booked" and "free"."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.access import public
from core.paging import keyset_page
from venues import selectors
from venues.forms import WEEKDAYS
from venues.models import Room, RoomPhoto, Venue
from venues.views.common import asked_week, calendar_rows, week_context


@public
def place_list(request):
    venues = Venue.objects.filter(published=True).select_related("region")
    return render(request, "venues/public_list.html", {"page": keyset_page(venues, request, order="name")})


@public
def place_detail(request, pk):
    venue = Venue.objects.filter(pk=pk, published=True).select_related("region").first()
    if venue is None:
        raise Http404
    monday = asked_week(request)
    photos = Prefetch("photos", queryset=RoomPhoto.objects.only("pk", "room_id", "caption"))
    weeks = selectors.week(Room.objects.filter(venue=venue).prefetch_related(photos), monday)
    hours = [
        (room_week.room, [(label, selectors.hours_of(room_week.room).get(weekday)) for weekday, label in WEEKDAYS])
        for room_week in weeks
    ]
    context = week_context(monday) | {"venue": venue, "rows": calendar_rows(weeks, public=True), "hours": hours}
    return render(request, "venues/public_detail.html", context)


@public
def photo(request, pk):
    row = RoomPhoto.objects.filter(pk=pk, room__venue__published=True).values("image").first()
    if row is None:
        raise Http404
    response = HttpResponse(bytes(row["image"]), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
