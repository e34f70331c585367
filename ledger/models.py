"""The hours ledger: append-only entries (《志愿服务记录与证明出具办法》 Art. 7–8) chained by hash per county."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class EntryKind(models.TextChoices):
    SERVICE = "service", _("service hours")
    TRAINING = "training", _("training hours")
    CORRECTION = "correction", _("correction")


class ChainHead(models.Model):
    """The last entry of one county's chain; locked while an entry is appended."""

    region = models.OneToOneField("regions.Region", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"{self.region} #{self.seq}"


class EntryQuerySet(ScopedQuerySet):
    scope_rule = "ledger_entry"


class LedgerEntry(models.Model):
    """One line of a volunteer's record. Never updated or deleted: a correction is a new entry that reverses
    the old one (the database refuses UPDATE and DELETE on this table)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField(_("sequence"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    attendance = models.OneToOneField(
        "activities.Attendance", on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    activity_name = models.CharField(_("activity"), max_length=100)
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    content = models.TextField(_("content"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    organiser = models.CharField(_("organising unit"), max_length=100)
    lead = models.CharField(_("activity lead"), max_length=50)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    late = models.BooleanField(_("recorded after 10 working days"), default=False)
    reverses = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Where hours come from when not from an activity's attendance: a kind ("task") and its reference, set by
    # the app that credits them (the ledger knows no other app). Null, not blank, so that adding the columns
    # keeps SQLite's table and its append-only trigger.
    source_kind = models.CharField(_("source"), max_length=20, null=True, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=40, null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["region", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "seq"],
                name="ledger_seq_once_per_region",
                violation_error_message=_(
                    "Another entry took this place in the ledger at the same moment. Please try again."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="correction") | models.Q(reverses__isnull=False) & ~models.Q(reason=""),
                name="correction_reverses_with_reason",
                violation_error_message=_("A correction names the entry it reverses and a reason."),
            ),
            # An entry is reversed once; a later correction goes through the entry that replaced it. (Partial,
            # so that SQLite adds it as an index instead of rebuilding the table and its append-only trigger.)
            models.UniqueConstraint(
                fields=["reverses"],
                condition=models.Q(reverses__isnull=False),
                name="entry_reversed_once",
                violation_error_message=_("This entry has been corrected already."),
            ),
            # A source (a task) credits each volunteer once; partial, like the one above.
            models.UniqueConstraint(
                fields=["source_kind", "source_ref", "volunteer"],
                condition=models.Q(source_kind__isnull=False),
                name="entry_from_source_once",
                violation_error_message=_("These hours have been credited to this volunteer already."),
            ),
        ]

    def __str__(self):
        return f"{self.region_id}#{self.seq} {self.volunteer_id} {self.hours}h"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the leader")
    ACCEPTED = "accepted", _("corrected")
    REFUSED = "refused", _("refused")


class CorrectionRequest(models.Model):
    """A volunteer asks for a record to be corrected (Art. 12–13); the leader decides, never the volunteer."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="correction_requests")
    # The attendance the entry's hours come from, through earlier corrections: whoever manages its activity
    # decides, however often the hours were corrected.
    attendance = models.ForeignKey(
        "activities.Attendance", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The entry with the right hours that accepting wrote; a later correction goes through it.
    replacement = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="replaces_request"
    )
    hours = models.DecimalField(_("correct hours"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self):
        return f"{self.entry_id}: {self.hours}"

    def decision_subjects(self):
        return {self.entry.volunteer.user_id}


class Certificate(models.Model):
    """A service certificate (Art. 14–16): free, issued by the unit that recorded the hours, verifiable
    online by its number and code."""

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    code = models.CharField(max_length=32, editable=False)
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="certificates")
    organiser = models.CharField(_("recording unit"), max_length=100)
    hours = models.DecimalField(_("service hours"), max_digits=8, decimal_places=2)
    activities = models.PositiveIntegerField(_("activities"))
    first_on = models.DateField(_("from"))
    last_on = models.DateField(_("to"))
    content = models.TextField(_("service content"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number


class Qualification(models.Model):
    """The catalogue of what trainings grant (调解技巧, 失智照护, 应急救护 …), valid for some months or for good.
    The region admins keep it (ledger:qualification_list); a training grants any number of them."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    valid_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self):
        return self.name


class TrainingQuerySet(ScopedQuerySet):
    scope_rule = "training"


class TrainingSession(models.Model):
    """Training run by a social worker for volunteers (社工指导志愿者, Art. 8): attending records training hours
    and grants its qualifications."""

    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainer"), on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("grants"), blank=True, related_name="sessions"
    )

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0),
                name="training_hours_positive",
                violation_error_message=_("Training hours are more than 0."),
            )
        ]

    def __str__(self):
        return self.title


class QualificationGrant(models.Model):
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="qualifications")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="grants")
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="grants")
    granted_on = models.DateField(_("granted"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer", "qualification"],
                name="one_grant_per_session_and_qualification",
                violation_error_message=_("This volunteer holds the qualification of this training already."),
            )
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.qualification}"


class ShopItem(models.Model):
    """An item of a community's 爱心超市, exchanged for time-bank points (an incentive, never pay)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=60)
    points = models.PositiveIntegerField(_("points"))
    stock = models.PositiveIntegerField(_("in stock"))
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("love-supermarket item")
        verbose_name_plural = _("love-supermarket items")
        ordering = ["points", "name"]

    def __str__(self):
        return self.name


class Exchange(models.Model):
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="exchanges")
    item = models.ForeignKey(ShopItem, on_delete=models.PROTECT, related_name="exchanges")
    quantity = models.PositiveIntegerField(default=1)
    points = models.PositiveIntegerField(_("points"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.volunteer} · {self.item} × {self.quantity}"


class Award(models.Model):
    """An honour a volunteer received (Art. 9): name, date, granting unit."""

    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="awards")
    name = models.CharField(_("award"), max_length=100)
    on = models.DateField(_("date"))
    granted_by = models.CharField(_("granting unit"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-on"]

    def __str__(self):
        return self.name


class ServiceRating(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")


class ServiceEvaluation(models.Model):
    """An evaluation of a volunteer's service (Art. 10): quality rating, date, evaluating unit."""

    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, related_name="evaluations")
    rating = models.CharField(_("rating"), max_length=10, choices=ServiceRating.choices)
    on = models.DateField(_("date"))
    unit = models.CharField(_("evaluating unit"), max_length=100)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("service evaluation")
        verbose_name_plural = _("service evaluations")
        ordering = ["-on"]

    def __str__(self):
        return f"{self.volunteer} {self.get_rating_display()}"
