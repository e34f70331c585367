"""The coordination group of a region (四川's 40 provincial departments and units), its meetings, the decisions
supervised until done (督办), and the region-wide campaigns it launches."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopedQuerySet


class GroupQuerySet(ScopedQuerySet):
    scope_rule = "coordination_group"


class CoordinationGroup(models.Model):
    """A region's coordination group: member units, a convenor and deputies, and its office."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("office"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination group")
        verbose_name_plural = _("coordination groups")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="coordination_group_name_once_per_region",
                violation_error_message=_("This region has a coordination group of this name already."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coordination:group", args=[self.pk])


class MemberRole(models.TextChoices):
    CONVENOR = "convenor", _("convenor")
    DEPUTY = "deputy", _("deputy convenor")
    MEMBER = "member", _("member unit")


class GroupMember(models.Model):
    group = models.ForeignKey(CoordinationGroup, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    representative = models.CharField(_("representative"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organisation"],
                name="coordination_member_once",
                violation_error_message=_("This unit is a member already."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(role="convenor"),
                name="coordination_one_convenor",
                violation_error_message=_("The group has a convenor already."),
            ),
        ]

    def __str__(self):
        return str(self.organisation)


class MeetingQuerySet(ScopedQuerySet):
    scope_rule = "coordination_meeting"


class Meeting(models.Model):
    group = models.ForeignKey(CoordinationGroup, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField("orgs.Organisation", verbose_name=_("attending units"), related_name="+")
    minutes = models.TextField(_("minutes"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordination:meeting", args=[self.pk])


class ItemStatus(models.TextChoices):
    OPEN = "open", _("open")
    REPORTED = "reported", _("reported done")
    CLOSED = "closed", pgettext_lazy("supervised item", "closed")
    OVERDUE = "overdue", _("overdue")


class ItemQuerySet(ScopedQuerySet):
    scope_rule = "supervised_item"


class SupervisedItem(models.Model):
    """A decision of a meeting, supervised until done (督办): one owner unit, a deadline, its reports."""

    group = models.ForeignKey(CoordinationGroup, on_delete=models.PROTECT, related_name="items")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    decision = models.TextField(_("decision"))
    owner = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervised item")
        verbose_name_plural = _("supervised items")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return self.decision[:40]

    def get_absolute_url(self):
        return reverse("coordination:item", args=[self.pk])

    def decision_subjects(self):
        """Whoever reported it done does not close it."""
        return {self.reported_by_id}


class ItemAction(models.TextChoices):
    CREATE = "create", _("assigned")
    PROGRESS = "progress", _("progress report")
    REPORT = "report", _("reported done")
    CLOSE = "close", pgettext_lazy("supervised item", "closed")
    RETURN = "return", _("returned")
    ESCALATE = "escalate", _("overdue, escalated")


class ItemEvent(models.Model):
    item = models.ForeignKey(SupervisedItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=ItemAction.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item_id} {self.action}"


class CampaignQuerySet(ScopedQuerySet):
    scope_rule = "campaign"


class Campaign(models.Model):
    """A region-wide campaign (全省性重大志愿服务活动) with its dates and targets; regions below join it and link
    their activities to it."""

    group = models.ForeignKey(CoordinationGroup, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    target_volunteers = models.PositiveIntegerField(_("target: volunteers"))
    target_hours = models.PositiveIntegerField(_("target: hours"))
    target_people_served = models.PositiveIntegerField(_("target: people served"))
    tallied_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The campaign ends before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordination:campaign", args=[self.pk])


class Participation(models.Model):
    """A city or county that joined a campaign, with its plan."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    plan = models.TextField(_("plan"), blank=True)
    joined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region"],
                name="campaign_joined_once",
                violation_error_message=_("This region has joined the campaign already."),
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.region_id}"


class CampaignActivity(models.Model):
    """An activity planned under a campaign (an activity counts in one campaign at most), with the number of
    people it served as its organiser reports it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, related_name="campaign_link")
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)
    # Who reported the people served last, and when (the figure counts in the campaign's tally).
    served_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    served_reported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.campaign_id} {self.activity_id}"


class CampaignTally(models.Model):
    """The campaign's figures for one region (the campaign's own region and the cities and counties below it) in
    one month: activities and people served by the month the activity starts, hours by the month of the ledger
    entry. Written by `coordination.tally.campaign_tally_refresh` only; a period's figures are the sum of its
    months (`coordination.tally.campaign_figures`), its volunteers counted from `CampaignVolunteer`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # its first day
    activities = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    people_served = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["region__path", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region", "month"],
                name="campaign_tally_once",
                violation_error_message=_("A campaign has one tally per region and month."),
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.region_id} {self.month:%Y-%m}"


class CampaignVolunteer(models.Model):
    """A volunteer who served in one of the campaign's activities in a region (the campaign's own, a city or a
    county) in a month: the volunteers of any span of months are the distinct volunteers of its rows, never a sum
    of months. Written with `CampaignTally`."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # its first day
    volunteer = models.ForeignKey("people.Volunteer", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region", "month", "volunteer"],
                name="campaign_volunteer_once",
                violation_error_message=_("A volunteer counts once per campaign, region and month."),
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.region_id} {self.month:%Y-%m} {self.volunteer_id}"
