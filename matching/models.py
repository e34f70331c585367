"""Matching runs (精准匹配) and the proposals they make, which a social worker accepts, changes or rejects."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ScopedQuerySet
from needs.models import DayPart


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class MatchRunQuerySet(ScopedQuerySet):
    scope_rule = "match_run"


class MatchRun(models.Model):
    """One matching of the open needs of an area over one to four weeks. It only proposes: people decide.

    A run over a city or the province is a parent: it does no work itself but has one child run per county,
    each a job of its own on the queue, and finishes when they all have. A worker executing a run holds its
    lease (`lease_owner` until `lease_expires_at`) and renews it as it goes; an expired lease is taken over."""

    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), default=1)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_label = models.CharField(_("stage"), max_length=60, blank=True)  # what the run is doing now
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    needs_count = models.PositiveIntegerField(_("needs considered"), default=0)
    proposed_count = models.PositiveIntegerField(_("proposals"), default=0)
    unserved_count = models.PositiveIntegerField(_("without a proposal"), default=0)
    volunteers_count = models.PositiveIntegerField(_("volunteers considered"), default=0)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)  # renewed when queued again
    lease_owner = models.CharField(max_length=100, blank=True)  # the worker executing it: host, process, token
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)  # workers that took it

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "lease_expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weeks__gte=1, weeks__lte=4),
                name="run_one_to_four_weeks",
                violation_error_message=_("A matching run plans one to four weeks."),
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="run_progress_percent",
                violation_error_message=_("Progress is a percentage up to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.starts_on}"

    def get_absolute_url(self):
        return reverse("matching:detail", args=[self.pk])

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=7 * self.weeks - 1)

    @property
    def finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}


class ProposalKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("volunteer")
    RESOURCE = "resource", _("resource")
    SERVICE_ITEM = "service_item", _("project service")
    NONE = "none", _("no match")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "accepted")
    REJECTED = "rejected", _("rejected")
    SUPERSEDED = "superseded", _("replaced by a later run")


class Proposal(models.Model):
    """What a run proposes for one need on one day, and why; or, for a need it could not serve, why not."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    need = models.ForeignKey("needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("date"))
    part = models.CharField(_("time of day"), max_length=3, choices=DayPart.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ProposalKind.choices)
    # A need served by several volunteers together has one proposal per volunteer: seats 0, 1, …
    seat = models.PositiveSmallIntegerField(default=0)
    volunteer = models.ForeignKey(
        "people.Volunteer",
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    service_item = models.ForeignKey(
        "projects.ServiceItem",
        verbose_name=_("project service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    km = models.DecimalField(_("distance (km)"), max_digits=6, decimal_places=2, null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    task = models.OneToOneField("needs.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["on", "need_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "need", "on", "seat"],
                name="one_proposal_per_need_day_and_seat",
                violation_error_message=_("This need has a proposal for this day already."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="volunteer", volunteer__isnull=False)
                | models.Q(kind="resource", resource__isnull=False)
                | models.Q(kind="service_item", service_item__isnull=False)
                | models.Q(kind="none"),
                name="proposal_names_what_it_proposes",
                violation_error_message=_("A proposal names the volunteer, resource or project service it proposes."),
            ),
        ]
        indexes = [models.Index(fields=["run", "kind", "status"])]

    def __str__(self):
        return f"{self.run_id}: {self.need_id} {self.on}"
