"""The project / service list (项目清单/服务清单): projects, the service items they offer, and their targets."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class Method(models.TextChoices):
    CASEWORK = "casework", _("casework")
    GROUP = "group", _("group work")
    COMMUNITY = "community", _("community work")


class ProjectQuerySet(ScopedQuerySet):
    scope_rule = "project"


class Project(models.Model):
    """A project such as 追光计划 or 暖阳相伴: who runs it, how it is funded, what it offers and aims at."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="projects"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead social worker"), on_delete=models.PROTECT, related_name="+"
    )
    target_groups = models.ManyToManyField("dictionaries.TargetGroup", verbose_name=_("target groups"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    government_purchase = models.BooleanField(_("bought by the government"), default=False)
    contract_number = models.CharField(_("contract number"), max_length=50, blank=True)
    contract_amount = models.DecimalField(
        _("contract amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    teams = models.ManyToManyField(
        "orgs.Organisation", verbose_name=_("teams"), blank=True, related_name="team_projects"
    )
    resources = models.ManyToManyField("resources.Resource", verbose_name=_("resources"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # What the contract promises, for the performance evaluation (绩效评估) and the dashboards.
    target_people = models.PositiveIntegerField(_("people to serve"), null=True, blank=True)
    target_hours = models.DecimalField(
        _("volunteer hours to deliver"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    target_evaluations = models.PositiveIntegerField(_("evaluations to collect"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="project_period_ordered",
                violation_error_message=_("The project ends before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(government_purchase=False) | ~models.Q(contract_number=""),
                name="purchase_has_contract",
                violation_error_message=_("A government purchase needs its contract number."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])


class ServiceItem(models.Model):
    """A service a project offers, which a need can be matched to (e.g. 助浴, 康复训练, 智能手机课)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="service_items")
    name = models.CharField(_("name"), max_length=100)
    service_field = models.ForeignKey(
        "dictionaries.ServiceField", verbose_name=_("service field"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    needs = models.ManyToManyField("needs.Need", blank=True, related_name="service_items")

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["project", "name"]

    def __str__(self):
        return f"{self.project} · {self.name}"


class Target(models.Model):
    """A number the project promises (26 people in centralised care); progress counts the served needs
    matched to its service item."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(_("target"), max_length=100)
    count = models.PositiveIntegerField(_("number"))
    service_item = models.ForeignKey(
        ServiceItem, verbose_name=_("counted from"), on_delete=models.CASCADE, related_name="targets"
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.label} {self.count}"
