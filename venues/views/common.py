"""What the pages of venues share: the week asked for, the teams a user books for, and a booking made from the
booking form (a team's on the room's page, a project's on the project's page)."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import scope_of
from orgs.models import Kind, Organisation
from venues import calendar, services
from venues.models import Booking, BookingStatus
from venues.selectors import week_start
from venues.workflow import BookingError


def asked_week(request) -> datetime.date:
    """The Monday of the week in `?week=YYYY-MM-DD` (this week by default)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return week_start(day)


def week_context(monday: datetime.date) -> dict:
    return {
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "today": timezone.localdate(),
    }


def bookable_teams(user):
    """The teams a user books rooms for: the teams they lead and, for the workers of an area, its teams."""
    scope = scope_of(user)
    query = Q(pk__in=scope.led_team_ids)
    if scope.staff_paths or scope.everything:
        query |= Q(pk__in=Organisation.objects.visible_to(user).values("pk"))
    return Organisation.objects.filter(query, kind=Kind.TEAM).order_by("name")


def may_book(user) -> bool:
    scope = scope_of(user)
    return bool(scope.everything or scope.staff_paths or scope.led_team_ids)


def book_from_form(request, form, room, **fields):
    """Book `room` once, or weekly when the valid BookingForm gives weeks, for what `fields` name (kind, team,
    project). Returns the response to send (the booking's page) and no suggestions; or None and the nearest free
    times, the refusal added to the form."""
    data = form.cleaned_data
    common = {"room": room, "by": request.user, "title": data["title"], "expected": data["expected"], **fields}
    try:
        if data.get("weeks"):
            series, bookings = services.series_create(
                first_day=data["day"],
                starts=data["starts"],
                ends=data["ends"],
                weekdays=set(data["weekdays"]),
                weeks=data["weeks"],
                exceptions=data["exceptions"],
                **common,
            )
            messages.success(
                request,
                _("%(count)s bookings made; %(skipped)s days skipped.")
                % {"count": len(bookings), "skipped": len(series.skipped)},
            )
            if calendar.beyond_known(timezone.localtime(bookings[-1].starts_at).date()):
                messages.warning(request, beyond_calendar_notice())
            return redirect(bookings[0]), []
        starts_at, ends_at = form.stretch()
        booking = services.booking_create(starts_at=starts_at, ends_at=ends_at, **common)
    except services.BookingConflict as conflict:
        form.add_error(None, str(conflict))
        return None, conflict.suggestions
    except BookingError as error:
        form.add_error(None, str(error))
        return None, []
    if booking.status == BookingStatus.PENDING:
        messages.success(request, _("Requested: the community will confirm the booking."))
    else:
        messages.success(request, _("The room is booked."))
    return redirect(booking), []


def beyond_calendar_notice() -> str:
    return _(
        "The State Council has not published (or this system does not hold yet) the holiday schedule after "
        "%(day)s: later days are booked as ordinary weeks, with no holiday skipped and no make-up working day. "
        "Check these bookings once the schedule is out."
    ) % {"day": date_format(calendar.known_until())}


def _hm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def calendar_rows(weeks, *, public: bool, user=None) -> list[dict]:
    """The week calendar as plain values for the template: a page of 20 rooms and 2,000 bookings stays quick
    when each booking is a few strings rather than a model walked by the template engine. The public page gets
    no titles, teams or links: only "booked" and "free"; so does a signed-in user for the bookings they may not
    read (another team's booking: a group's title may name the people it serves), found in one query."""
    readable = set()
    if not public:
        booked = [b.pk for room_week in weeks for day in room_week.days for b in day.bookings]
        readable = set(Booking.objects.visible_to(user).filter(pk__in=booked).values_list("pk", flat=True))
    detail = reverse("venues:booking_detail", args=[999999999]).replace("999999999", "{}")
    rows = []
    for room_week in weeks:
        room = room_week.room
        book = reverse("venues:booking_new", args=[room.pk])
        days = []
        for day in room_week.days:
            iso = day.day.isoformat()
            booked = [
                {"time": f"{_hm(b.starts_at)}–{_hm(b.ends_at)}"}
                if b.pk not in readable
                else {
                    "time": f"{_hm(b.starts_at)}–{_hm(b.ends_at)}",
                    "title": b.title,
                    "team": b.team.name if b.team_id else "",
                    "url": detail.format(b.pk),
                    "pending": b.status == "pending",
                    "came": getattr(getattr(b, "use", None), "headcount", None),
                }
                for b in day.bookings
            ]
            free = [
                {
                    "time": f"{_hm(start)}–{_hm(end)}",
                    "url": f"{book}?day={iso}&starts={_hm(start)}&ends={_hm(end)}",
                }
                for start, end in day.free
            ]
            days.append({"day": day.day, "open": day.opening is not None, "booked": booked, "free": free})
        rows.append({"room": room, "url": room.get_absolute_url(), "days": days})
    return rows
