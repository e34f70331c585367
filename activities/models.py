"""Activities (定点招募), sign-ups and attendance."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class ActivityQuerySet(ScopedQuerySet):
    scope_rule = "activity"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Activity(models.Model):
    """A volunteer activity with a time, a place and a quota. A risky one needs accident insurance confirmed
    before it is published (《志愿服务条例》 Art. 17)."""

    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    organiser = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="activities"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("activity lead"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    quota = models.PositiveIntegerField(_("quota"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    required_qualification = models.ForeignKey(
        "ledger.Qualification", verbose_name=_("required training"), on_delete=models.PROTECT, null=True, blank=True
    )
    minors_allowed = models.BooleanField(_("minors may join (with a guardian's consent)"), default=False)
    # What recruitment looks for (matching/recruit.py): the skills, and where, to measure the distance.
    required_skills = models.ManyToManyField("dictionaries.Skill", verbose_name=_("skills wanted"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    risky = models.BooleanField(_("risky activity"), default=False)
    insurance_confirmed = models.BooleanField(_("accident insurance confirmed"), default=False)
    auto_approve = models.BooleanField(_("approve sign-ups automatically"), default=True)
    need = models.ForeignKey("needs.Need", on_delete=models.SET_NULL, null=True, blank=True, related_name="activities")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT)
    qr_secret = models.CharField(max_length=40, default=new_secret, editable=False)
    booking = models.OneToOneField(
        "venues.Booking", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="activity"
    )  # the room booked with the activity when it was planned (venues)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("The activity ends before it starts."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published", risky=True, insurance_confirmed=False),
                name="risky_activity_needs_insurance",
                violation_error_message=_("A risky activity is published only after accident insurance is confirmed."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])


class Invitation(models.Model):
    """A volunteer invited to join an activity by its organiser (matching's recruitment page); they sign up
    themselves. One per volunteer and activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations")
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                name="invitation_once",
                violation_error_message=_("This volunteer has been invited already."),
            )
        ]

    def __str__(self):
        return f"{self.volunteer_id} → {self.activity_id}"


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    REJECTED = "rejected", _("refused")


class Signup(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                name="signup_once",
                violation_error_message=_("This volunteer has signed up for this activity already."),
            )
        ]

    def __str__(self):
        return f"{self.volunteer} → {self.activity}"

    def decision_subjects(self):
        return {self.volunteer.user_id}


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("scanned the QR code")
    LEADER = "leader", _("marked by the leader")


class Attendance(models.Model):
    """One volunteer's presence at one activity. Forgotten check-outs are closed at the activity's end and
    flagged for the leader; a leader's own attendance waits for a second person."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="attendances")
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="attendances")
    checked_in_at = models.DateTimeField(_("checked in"))
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=8, choices=AttendanceMethod.choices)
    auto_closed = models.BooleanField(_("check-out closed automatically"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                name="attendance_once",
                violation_error_message=_("This volunteer's attendance at this activity is recorded already."),
            ),
            models.CheckConstraint(
                condition=models.Q(checked_out_at__isnull=True)
                | models.Q(checked_out_at__gte=models.F("checked_in_at")),
                name="attendance_out_after_in",
                violation_error_message=_("The check-out comes before the check-in."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} @ {self.activity}"

    def decision_subjects(self):
        return {self.volunteer.user_id}

    @property
    def waits_for_confirmation(self) -> bool:
        """Checked out but not in the ledger: closed automatically, or recorded by the volunteer themself (a
        leader who marked their own attendance, or the activity's lead checking out), so another person who
        manages the activity confirms it first."""
        if self.checked_out_at is None or hasattr(self, "entry"):
            return False
        recorder = self.marked_by_id if self.method == AttendanceMethod.LEADER else self.activity.lead_id
        return self.auto_closed or recorder == self.volunteer.user_id


class AttendanceRequest(models.Model):
    """An idempotency key: a phone that sends the same check-in five times gets one result."""

    key = models.UUIDField(unique=True)
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.CASCADE, related_name="+")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=3)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.key)
