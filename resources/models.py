"""The resources list (资源清单): what co-building units and departments offer, and what each served."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("venue")
    MATERIALS = "materials", _("materials")
    FUNDS = "funds", _("funds")
    FREE_CLINIC = "clinic", _("free clinic")
    HAIRCUT = "haircut", _("free haircut")
    REPAIR = "repair", _("appliance repair")
    LEGAL_AID = "legal", _("legal aid")
    EXPERTISE = "expertise", _("expertise")


class Period(models.TextChoices):
    MONTH = "month", _("a month")
    YEAR = "year", _("a year")
    TOTAL = "total", _("in all")


class ResourceQuerySet(ScopedQuerySet):
    scope_rule = "resource"

    def valid_on(self, day):
        return self.filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class Resource(models.Model):
    """Something offered: a room, materials, money or a service, with a capacity per period and an area."""

    provider = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("offered by"), on_delete=models.PROTECT, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    service_field = models.ForeignKey(
        "dictionaries.ServiceField", verbose_name=_("service field"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("e.g. haircuts, hours, yuan"))
    period = models.CharField(_("per"), max_length=6, choices=Period.choices, default=Period.MONTH)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    area = models.ForeignKey(
        "regions.Region", verbose_name=_("area covered"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    public = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="resource_valid_period_ordered",
                violation_error_message=_("The end of validity comes before its start."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:detail", args=[self.pk])

    def used_in_period(self, day=None) -> int:
        day = day or timezone.localdate()
        uses = self.uses.all()
        if self.period == Period.MONTH:
            uses = uses.filter(used_on__year=day.year, used_on__month=day.month)
        elif self.period == Period.YEAR:
            uses = uses.filter(used_on__year=day.year)
        return uses.aggregate(total=Sum("quantity"))["total"] or 0

    def remaining(self, day=None) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.used_in_period(day), 0)


def remaining_of(resources, day) -> dict[int, int | None]:
    """What each resource has left in its period on `day`, by pk: `Resource.remaining` for a page of resources in
    one query, however many rows the page has."""
    used = {
        row["resource"]: row
        for row in ResourceUse.objects.filter(resource__in=[r.pk for r in resources if r.capacity is not None])
        .values("resource")
        .annotate(
            month=Sum("quantity", filter=Q(used_on__year=day.year, used_on__month=day.month)),
            year=Sum("quantity", filter=Q(used_on__year=day.year)),
            total=Sum("quantity"),
        )
    }
    remaining = {}
    for resource in resources:
        if resource.capacity is None:
            remaining[resource.pk] = None
            continue
        row = used.get(resource.pk, {})
        key = {Period.MONTH: "month", Period.YEAR: "year"}.get(resource.period, "total")
        remaining[resource.pk] = max(resource.capacity - (row.get(key) or 0), 0)
    return remaining


class ResourceUse(models.Model):
    """A record of what a resource served."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="uses")
    need = models.ForeignKey(
        "needs.Need", on_delete=models.PROTECT, null=True, blank=True, related_name="resource_uses"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    used_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("resource use")
        verbose_name_plural = _("resource uses")
        ordering = ["-used_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1),
                name="resource_use_positive",
                violation_error_message=_("The quantity is at least 1."),
            )
        ]

    def __str__(self):
        return f"{self.resource} × {self.quantity}"
