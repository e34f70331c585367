"""The needs list (需求清单): every need found, answered, evaluated and closed, with its timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopedQuerySet
from core.fields import EncryptedTextField
from needs.help import Help


class Source(models.TextChoices):
    HOME_VISIT = "home_visit", _("home visit")
    RESIDENT = "resident", _("resident's own request")
    REFERRAL = "referral", _("referral from a department or agency")
    GRID = "grid", _("grid worker report")
    STAFF = "staff", _("entered by staff on someone's behalf")


class Urgency(models.TextChoices):
    CRISIS = "crisis", _("crisis")
    URGENT = "urgent", _("urgent")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class Status(models.TextChoices):
    NEW = "new", _("waiting for triage")
    TRIAGED = "triaged", _("triaged, waiting for an answer")
    IN_SERVICE = "in_service", _("being served")
    SERVED = "served", _("served, waiting for evaluation")
    CLOSED = "closed", _("closed with evaluation")
    REFERRED = "referred", _("referred")
    WITHDRAWN = "withdrawn", pgettext_lazy("need", "withdrawn")


OPEN_STATUSES = (Status.NEW, Status.TRIAGED, Status.IN_SERVICE, Status.SERVED)
ENDED_STATUSES = (Status.CLOSED, Status.REFERRED, Status.WITHDRAWN)


class Recurrence(models.TextChoices):
    """How often a need comes back; every recurring one is kept with the same volunteer (needs/recurrence.py)."""

    ONCE = "once", _("once")
    WEEKLY = "weekly", _("weekly")
    BIWEEKLY = "biweekly", _("every two weeks")
    MONTHLY = "monthly", _("monthly, on the same day of the month")
    MONTHLY_WEEKDAY = "monthly_weekday", _("monthly, on the same weekday (e.g. the first Monday)")


class GenderPreference(models.TextChoices):
    ANY = "", _("no preference")
    MALE = "M", _("a man")
    FEMALE = "F", _("a woman")


class DayPart(models.TextChoices):
    ANY = "", _("any time of the day")
    MORNING = "am", _("morning")
    AFTERNOON = "pm", _("afternoon")
    EVENING = "eve", _("evening")


class HomeVisit(models.Model):
    """One home visit (入户走访, 暖心敲门): the household seen and what was observed; it may record several needs."""

    recipient = models.ForeignKey(
        "people.Recipient", verbose_name=_("household"), on_delete=models.PROTECT, related_name="home_visits"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField(_("visited"))
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT)
    observations = models.TextField(_("observations about the household"), blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        ordering = ["-visited_at"]

    def __str__(self):
        return f"{self.recipient} {self.visited_at:%Y-%m-%d}"


class NeedQuerySet(ScopedQuerySet):
    scope_rule = "need"

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Need(models.Model):
    """A need of a person or of a whole community. It ends only closed with an evaluation, referred, or
    withdrawn with a reason."""

    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    recipient = models.ForeignKey(
        "people.Recipient",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
    )
    home_visit = models.ForeignKey(HomeVisit, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs")
    service_field = models.ForeignKey(
        "dictionaries.ServiceField", verbose_name=_("service field"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = EncryptedTextField(_("description"))  # may hold health details: never in clear at rest
    # What a resident asked for in plain words (needs.help.Help); blank for needs entered by workers.
    help = models.CharField(_("help asked for"), max_length=10, choices=Help.choices, blank=True, default="")
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    crisis = models.BooleanField(_("crisis"), default=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    wanted_on = models.DateField(_("wanted on"), null=True, blank=True)
    # With `wanted_until`, any day from `wanted_on` to it ("this week", "before Friday"): a need served once.
    wanted_until = models.DateField(_("wanted by"), null=True, blank=True)
    wanted_part = models.CharField(_("time of day"), max_length=3, choices=DayPart.choices, default="", blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONCE)
    required_skills = models.ManyToManyField("dictionaries.Skill", verbose_name=_("required skills"), blank=True)
    language = models.ForeignKey(
        "dictionaries.Language", verbose_name=_("language"), on_delete=models.PROTECT, null=True, blank=True
    )
    gender_preference = models.CharField(
        _("gender preference"), max_length=1, choices=GenderPreference.choices, default="", blank=True
    )
    required_qualification = models.ForeignKey(
        "ledger.Qualification",
        verbose_name=_("required qualification"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    suitable_for_minors = models.BooleanField(_("suitable for volunteers under 18"), default=False)
    # Volunteers who serve it together (a bath by two, a move by three): all of them or none. The sex wished
    # applies to each.
    people = models.PositiveSmallIntegerField(_("volunteers needed together"), default=1)
    max_distance_km = models.PositiveSmallIntegerField(_("farthest a volunteer may come from (km)"), default=15)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    response_due_at = models.DateTimeField(_("response due"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    case_opened_at = models.DateTimeField(_("case opened"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    feedback_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["status", "response_due_at"]),
            models.Index(fields=["recipient", "service_field", "status"]),
            models.Index(fields=["region", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["referred", "withdrawn"]) | ~models.Q(end_reason=""),
                name="need_ends_with_a_reason",
                violation_error_message=_("A need that is referred or withdrawn needs a reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(people__gte=1, people__lte=5),
                name="need_people_1_to_5",
                violation_error_message=_("A need is served by one to five volunteers together."),
            ),
            models.CheckConstraint(
                condition=models.Q(wanted_until__isnull=True)
                | models.Q(wanted_on__isnull=False, wanted_until__gte=models.F("wanted_on")),
                name="need_window_in_order",
                violation_error_message=_("The last day of the window cannot be before its first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_distance_km__gte=1, max_distance_km__lte=100),
                name="need_distance_1_to_100",
                violation_error_message=_("The distance is 1 to 100 km."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.service_field or ''} {self.description[:20]}"

    def get_absolute_url(self):
        return reverse("needs:detail", args=[self.pk])

    def decision_subjects(self):
        """Its person (a resident who is also a worker does not triage or evaluate their own request), and
        whoever delivered the service (a volunteer who did its task, a liaison who completed its dispatch), who
        does not record its evaluation."""
        volunteers = self.tasks.filter(status="done").values_list("volunteer__user_id", flat=True)
        liaisons = self.dispatches.filter(status="completed").values_list("answered_by_id", flat=True)
        return {self.recipient.user_id if self.recipient_id else None, *volunteers, *liaisons}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    CREATED = "created", _("found")
    EDITED = "edited", _("details changed")
    TRIAGED = "triaged", _("triaged")
    TASK_OFFERED = "task_offered", _("task offered to volunteers")
    TASK_ACCEPTED = "task_accepted", _("task accepted")
    TASK_DECLINED = "task_declined", _("task declined")
    TASK_DONE = "task_done", _("task done")
    DISPATCHED = "dispatched", _("dispatched to a department")
    DISPATCH_ACCEPTED = "dispatch_accepted", _("accepted by the department")
    DISPATCH_RETURNED = "dispatch_returned", _("returned by the department")
    DISPATCH_COMPLETED = "dispatch_completed", _("completed by the department")
    DISPATCH_WITHDRAWN = "dispatch_withdrawn", _("dispatch withdrawn by the sender")
    SERVICE_ITEM = "service_item", _("matched to a project service")
    RESOURCE_USED = "resource_used", _("resource used")
    CASE_OPENED = "case_opened", _("opened as a case")
    SERVED = "served", _("service completed")
    EVALUATED = "evaluated", _("evaluated")
    CLOSED = "closed", _("closed")
    REFERRED = "referred", _("referred")
    WITHDRAWN = "withdrawn", pgettext_lazy("need", "withdrawn")
    ESCALATED = "escalated", _("escalated as overdue")
    SERVICE_STARTED = "service_started", _("service started")
    SERVICE_ENDED = "service_ended", _("service ended")
    HOURS_CONFIRMED = "hours_confirmed", _("service hours confirmed")
    HOURS_CREDITED = "hours_credited", _("service hours credited to the record")


class NeedEvent(models.Model):
    """One step in a need's life: who, when, what. Written by the service functions only."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.need_id} {self.kind}"


class Evaluation(models.Model):
    """The recipient's or family's evaluation (评单) that closes a need."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="evaluation")
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    given_by = models.CharField(_("given by"), max_length=50)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="satisfaction_1_to_5",
                violation_error_message=_("Satisfaction is 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.need_id}: {self.satisfaction}"


class TaskStatus(models.TextChoices):
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class TaskQuerySet(ScopedQuerySet):
    scope_rule = "task"


class Task(models.Model):
    """Work for a named volunteer or for a team, with a date and a place. Nobody is forced: a volunteer
    accepts or declines (《志愿服务条例》 Art. 25)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="tasks")
    volunteer = models.ForeignKey(
        "people.Volunteer",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    team = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    what = models.TextField(_("what to do"))
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    contact = models.CharField(_("contact"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OFFERED)
    answered_by = models.ForeignKey(
        "people.Volunteer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(volunteer__isnull=False) | models.Q(team__isnull=False),
                name="task_has_someone",
                violation_error_message=_("Choose a volunteer or a team."),
            ),
        ]

    def __str__(self):
        return f"{self.what[:20]} {self.on}"

    def get_absolute_url(self):
        return reverse("needs:task_detail", args=[self.pk])


class Decline(models.Model):
    """A volunteer said no to a need. Matching never proposes them for that need again; or, with `on`, for that
    date of a recurring need only (the series stays theirs, the date is matched again)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="declines")
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.CASCADE, related_name="declines")
    on = models.DateField(_("date declined"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declined need")
        verbose_name_plural = _("declined needs")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "volunteer"],
                condition=models.Q(on__isnull=True),
                name="decline_once",
                violation_error_message=_("This volunteer has declined this need already."),
            ),
            models.UniqueConstraint(
                fields=["need", "volunteer", "on"],
                condition=models.Q(on__isnull=False),
                name="decline_date_once",
                violation_error_message=_("This volunteer has declined this date already."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer_id} × {self.need_id}"


from needs.task_time import TaskTime  # noqa: E402,F401  (its own module: this one is near its size limit)
