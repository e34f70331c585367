"""Group work (小组工作, MZ/T 095-2017): a group with goals and members moves 筹备 → 形成 → 转折 → 成熟 → 结束,
meets in sessions with a plan, attendance and notes, and ends with an evaluation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class GroupStage(models.TextChoices):
    PREPARING = "preparing", _("preparing (筹备)")
    FORMING = "forming", _("forming (形成)")
    TRANSITION = "transition", _("transition (转折)")
    MATURE = "mature", _("mature (成熟)")
    ENDED = "ended", _("ended (结束)")


class GroupAction(models.TextChoices):
    CREATED = "created", _("group created")
    MEMBER = "member", _("member added")
    FORM = "form", _("formed (形成)")
    TURN = "turn", _("on to transition (转折)")
    MATURE = "mature", _("mature (成熟)")
    SESSION = "session", _("session recorded")
    END = "end", _("ended with its evaluation")


class GroupQuerySet(ScopedQuerySet):
    scope_rule = "group"


class Group(models.Model):
    """A group such as 银龄数字课堂 or 曲艺队, led by a social worker."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social worker"), on_delete=models.PROTECT, related_name="+"
    )
    goals = models.TextField(_("goals"))
    status = models.CharField(_("stage"), max_length=10, choices=GroupStage.choices, default=GroupStage.PREPARING)
    created_at = models.DateTimeField(auto_now_add=True)
    evaluation = models.TextField(_("end-of-group evaluation"), blank=True)
    goals_met = models.PositiveSmallIntegerField(_("goals met (%)"), null=True, blank=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goals_met__isnull=True) | models.Q(goals_met__lte=100),
                name="goals_met_percent",
                violation_error_message=_("Goals met is a percentage up to 100."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended") | ~models.Q(evaluation=""),
                name="ended_group_is_evaluated",
                violation_error_message=_("An ended group needs its evaluation."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groupwork:detail", args=[self.pk])


class Member(models.Model):
    """A member: a person served or a volunteer who helps run the group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    recipient = models.ForeignKey("people.Recipient", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    joined_on = models.DateField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False, volunteer__isnull=True)
                | models.Q(recipient__isnull=True, volunteer__isnull=False),
                name="member_is_one_person",
                violation_error_message=_("A member is either a person served or a volunteer."),
            ),
            models.UniqueConstraint(
                fields=["group", "recipient"],
                name="recipient_once_per_group",
                violation_error_message=_("This person is a member of the group already."),
            ),
            models.UniqueConstraint(
                fields=["group", "volunteer"],
                name="volunteer_once_per_group",
                violation_error_message=_("This person is a member of the group already."),
            ),
        ]

    def __str__(self):
        return str(self.recipient or self.volunteer)

    @property
    def name(self) -> str:
        return self.recipient.name if self.recipient else self.volunteer.user.name


class Session(models.Model):
    """One meeting: its plan, who came, and what happened."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session"))
    on = models.DateField(_("date"))
    plan = models.TextField(_("plan"))
    notes = models.TextField(_("what happened"), blank=True)
    present = models.ManyToManyField(Member, verbose_name=_("present"), blank=True, related_name="sessions")
    booking = models.OneToOneField(
        "venues.Booking", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="session"
    )  # the room booked with the session (venues)
    cancelled = models.CharField(_("cancelled because"), max_length=200, blank=True)  # empty: it takes place

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                name="session_number_once",
                violation_error_message=_("A session with this number exists already."),
            )
        ]

    def __str__(self):
        return f"{self.group} #{self.number}"


class GroupEvent(models.Model):
    """One step of the group, timed: who, when, from which status to which (groupwork/workflow.py)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("what"), max_length=10, choices=GroupAction.choices)
    from_status = models.CharField(max_length=10, choices=GroupStage.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=GroupStage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("group step")
        verbose_name_plural = _("group steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.group_id} {self.action}"
