"""Venues (a party-and-people service centre, a station, a school hall lent by a co-building unit) and their
rooms: what each is for, how many it holds, its equipment and accessibility, its hours and closed days, the
teams that hold it as their own space, and its photos."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from venues import calendar


class VenueKind(models.TextChoices):
    CENTRE = "centre", _("party-and-people service centre")
    STATION = "station", _("social-work station")
    LENT = "lent", _("hall lent by a co-building unit")
    OTHER = "other", _("other place")


class VenueQuerySet(ScopedQuerySet):
    scope_rule = "venue"


class Venue(models.Model):
    """A place with rooms that the community's teams share (物理空间共享)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=VenueKind.choices, default=VenueKind.CENTRE)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    lent_by = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("lent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lent_venues",
    )
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(_("shown to residents"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("venues:venue_week", args=[self.pk])


class RoomFunction(models.TextChoices):
    REHABILITATION = "rehab", _("rehabilitation room")
    DAY_CARE = "day_care", _("day-care room")
    ARTS = "arts", _("calligraphy and painting room")
    MEETING = "meeting", _("meeting room")
    ACTIVITY = "activity", _("activity hall")
    READING = "reading", _("reading room")
    COUNSELLING = "counselling", _("counselling room")
    TEAM = "team", _("team office")
    OTHER = "other", _("other room")


def new_secret() -> str:
    return secrets.token_urlsafe(18)


class RoomQuerySet(ScopedQuerySet):
    scope_rule = "room"


class Room(models.Model):
    """A room of a venue. Rooms that ask for it have each booking approved by the community."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=50)
    function = models.CharField(_("function"), max_length=12, choices=RoomFunction.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    needs_approval = models.BooleanField(_("bookings need the community's approval"), default=False)
    follows_official_calendar = models.BooleanField(
        _("closed on statutory holidays, open on make-up working days"), default=True
    )
    teams = models.ManyToManyField(
        "orgs.Organisation", verbose_name=_("teams based here"), blank=True, related_name="home_rooms"
    )
    qr_secret = models.CharField(max_length=32, default=new_secret, editable=False)
    # Who last renewed the code on the door, and when (empty while the first code holds).
    qr_renewed_at = models.DateTimeField(_("code renewed"), null=True, blank=True, editable=False)
    qr_renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("code renewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Incremented by every booking of the room: the update takes the room's row lock first, so bookings of
    # one room are checked one after another (PostgreSQL) and the SQLite write lock is held before the check.
    booking_turn = models.PositiveIntegerField(default=0, editable=False)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "name"],
                name="room_name_once_per_venue",
                violation_error_message=_("This venue has a room of this name already."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0),
                name="room_holds_someone",
                violation_error_message=_("A room holds at least one person."),
            ),
        ]

    def __str__(self):
        return f"{self.venue.name} · {self.name}"

    def get_absolute_url(self):
        return reverse("venues:room_week", args=[self.pk])

    def hours_on(self, day: datetime.date, hours_by_weekday=None, closed_days=None):
        """(opens, closes) of the room on `day`, or None when it is closed. `hours_by_weekday` and
        `closed_days` may be given already read (the week calendar reads them once for all rooms)."""
        if hours_by_weekday is None:
            hours_by_weekday = {row.weekday: (row.opens, row.closes) for row in self.hours.all()}
        if closed_days is None:
            closed_days = set(
                ClosedDay.objects.filter(models.Q(room=self) | models.Q(room=None, venue_id=self.venue_id)).values_list(
                    "on", flat=True
                )
            )
        if day in closed_days:
            return None
        weekday = day.weekday()
        if self.follows_official_calendar:
            if calendar.holiday_name(day):
                return None
            stands_for = calendar.stands_in_for(day)
            if stands_for is not None:
                weekday = stands_for
        return hours_by_weekday.get(weekday)


class RoomHours(models.Model):
    """The hours a room is open on one weekday (0 = Monday). A weekday with no row is closed."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=[(i, str(i)) for i in range(7)])
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["room", "weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "weekday"],
                name="room_hours_once_per_weekday",
                violation_error_message=_("This room has hours for this weekday already."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="room_closes_after_opening",
                violation_error_message=_("A room closes after it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.room_id} {self.weekday} {self.opens}-{self.closes}"


class ClosedDay(models.Model):
    """A day a venue (or one of its rooms) is closed besides the statutory holidays: repairs, an election."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="closed_days")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, null=True, blank=True, related_name="closed_days")
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=100)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["on"]

    def __str__(self):
        return f"{self.on} {self.reason}"


class RoomPhoto(models.Model):
    """A photo of a room, checked and re-encoded as JPEG at upload (venues/photos.py), so no camera metadata
    (a phone's GPS position) is kept."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField(editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("room photo")
        verbose_name_plural = _("room photos")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or f"{self.room_id}/{self.pk}"
