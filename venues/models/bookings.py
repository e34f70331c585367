"""Bookings of rooms: by a team, a project, a group's session or an activity; single or one of a weekly series;
waiting for the community's approval where the room asks for it; cancelled with a reason; used (checked in at
the room by its QR code, with how many came) or not (a no-show).

No two pending or approved bookings of one room overlap: on PostgreSQL an exclusion constraint on
(room, tstzrange(starts_at, ends_at)) holds it (migration 0002), and everywhere the booking service checks it
under the room's lock (venues/services.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class BookingKind(models.TextChoices):
    TEAM = "team", _("a team")
    PROJECT = "project", _("a project")
    GROUP_SESSION = "session", _("a group's session")
    ACTIVITY = "activity", _("an activity")


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("booked")
    REJECTED = "rejected", _("refused")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.APPROVED)


class BookingAction(models.TextChoices):
    REQUEST = "request", _("booking requested")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Refuse")
    CANCEL = "cancel", _("Cancel the booking")
    MOVE = "move", _("moved to another time")
    CHECK_IN = "check_in", _("Check in")


class BookingSeries(models.Model):
    """A weekly series (a group meeting every Wednesday for eight weeks): the rule, and the days it skipped."""

    room = models.ForeignKey("venues.Room", on_delete=models.CASCADE, related_name="series")
    weekdays = models.CharField(_("weekdays"), max_length=13)  # "0,2" = Monday and Wednesday
    first_day = models.DateField(_("first day"))
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    skipped = models.JSONField(_("days skipped"), default=list, blank=True)  # [{"day": "2026-10-01", "reason": …}]
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly series")
        verbose_name_plural = _("weekly series")

    def __str__(self):
        return f"{self.room_id} {self.weekdays} ×{self.weeks}"


class BookingQuerySet(ScopedQuerySet):
    scope_rule = "booking"

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Booking(models.Model):
    """One room for one stretch of time, for a team, a project, a group's session or an activity."""

    room = models.ForeignKey("venues.Room", verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    kind = models.CharField(_("for"), max_length=10, choices=BookingKind.choices, default=BookingKind.TEAM)
    title = models.CharField(_("what for"), max_length=100)
    team = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expected = models.PositiveSmallIntegerField(_("people expected"), default=1)
    series = models.ForeignKey(BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings")
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)  # of a refusal or a cancellation
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["room", "starts_at"], name="booking_room_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("A booking ends after it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["rejected", "cancelled"], reason=""),
                name="booking_ended_with_reason",
                violation_error_message=_("A refusal or a cancellation gives its reason."),
            ),
        ]

    def __str__(self):
        return f"{self.room_id} {self.starts_at:%Y-%m-%d %H:%M} {self.title}"

    def get_absolute_url(self):
        return reverse("venues:booking_detail", args=[self.pk])

    def decision_subjects(self):
        return {self.booked_by_id}

    def has_begun(self, now=None) -> bool:
        """Begun bookings keep their time and stay: their use or no-show is counted."""
        return self.starts_at <= (now or timezone.now())

    @property
    def begun(self) -> bool:
        return self.has_begun()

    @property
    def held_to_its_time(self) -> bool:
        """Pending or booked and begun: neither moved nor cancelled any more (nor what it was made for moved)."""
        return self.status in ACTIVE_STATUSES and self.has_begun()

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class BookingEvent(models.Model):
    """One step of a booking: who, when, from which status to which, why (venues/workflow.py)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("what"), max_length=10, choices=BookingAction.choices)
    from_status = models.CharField(max_length=10, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=BookingStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("booking step")
        verbose_name_plural = _("booking steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.booking_id} {self.action}"


class RoomUse(models.Model):
    """A booking used: checked in at the room (its QR code on the door) by whom, when, with how many people."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="use")
    checked_in_at = models.DateTimeField(_("checked in"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+")
    headcount = models.PositiveSmallIntegerField(_("people who came"))

    class Meta:
        verbose_name = _("room use")
        verbose_name_plural = _("room uses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gt=0),
                name="room_use_someone_came",
                violation_error_message=_("At least one person came."),
            )
        ]

    def __str__(self):
        return f"{self.booking_id} ×{self.headcount}"
