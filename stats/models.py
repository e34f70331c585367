"""Rollup tables: the figures of every region, kept by the incremental job (stats/rollup.py), never edited."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet

SNAPSHOT = datetime.date(1900, 1, 1)
"""The period of a figure that is a state now (volunteers registered, needs open), not a flow over months."""


class FactQuerySet(ScopedQuerySet):
    scope_rule = "stats_fact"


class Fact(models.Model):
    """One figure of one region (its whole subtree: a fact is kept for the leaf and for every region above it),
    one metric, one dimension value ("kind:party", "field:life_care"; "" for the total) and one period: the
    first day of a month for flows, the due day for waiting items (overdue = due before today), or SNAPSHOT."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    metric = models.CharField(max_length=30)
    dim = models.CharField(max_length=60, blank=True, default="")
    period = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    objects = FactQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "metric", "dim", "period"],
                name="stats_fact_unique_key",
                violation_error_message=_("A figure is kept once per region, metric, dimension and period."),
            )
        ]

    def __str__(self):
        return f"{self.region_id} {self.metric} {self.dim} {self.period}: {self.value}"


class Contribution(models.Model):
    """What one source row (a need, a volunteer) last added to the facts, at its leaf region, so that a
    change is applied as the difference between its old and its new contribution."""

    source = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    region_id = models.BigIntegerField()
    rows = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id"],
                name="stats_contribution_unique",
                violation_error_message=_("A source row is remembered once."),
            )
        ]

    def __str__(self):
        return f"{self.source} #{self.object_id}"


class Watermark(models.Model):
    """How far the incremental job has read one source: the last id, or the last update time."""

    source = models.CharField(max_length=20, unique=True)
    last_id = models.BigIntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)
    # What the margin before the mark still holds to read: for a source read by id, the ids at most ID_MARGIN
    # below the mark that were missing at the last read (a row may commit after one with a larger id); for one
    # read by time, {id: update time} of the rows read that the next read's margin holds (a matching run's: the
    # runs read). None: not known (after an upgrade or a rebuild), so the whole margin is read once.
    margin = models.JSONField(null=True, blank=True, default=None)

    def __str__(self):
        return f"{self.source}: {self.last_id} {self.last_at}"
