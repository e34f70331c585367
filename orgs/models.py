"""Organisations: party committees, departments, social-work agencies, volunteer teams, co-building units."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party", _("party committee")
    DEPARTMENT = "department", _("government department")
    AGENCY = "agency", _("social-work agency")
    TEAM = "team", _("volunteer team")
    UNIT = "unit", _("co-building unit")


class Department(models.TextChoices):
    """The twelve departments the demo county coordinates; deployments with more add them here."""

    CIVIL_AFFAIRS = "civil_affairs", _("Civil Affairs")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    HUMAN_RESOURCES = "human_resources", _("Human Resources and Social Security")
    JUSTICE = "justice", _("Justice")
    DISABLED_FEDERATION = "disabled", _("Disabled Persons' Federation")
    WOMEN_FEDERATION = "women", _("Women's Federation")
    YOUTH_LEAGUE = "youth_league", _("Communist Youth League")
    CULTURE_TOURISM = "culture", _("Culture and Tourism")
    MEDICAL_SECURITY = "medical_security", _("Medical Security")
    HOUSING = "housing", _("Housing and Urban-Rural Development")
    EMERGENCY = "emergency", _("Emergency Management")


class UnitType(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    HOSPITAL = "hospital", _("hospital")
    SCHOOL = "school", _("school")
    OTHER = "other", _("other")


class OrganisationQuerySet(ScopedQuerySet):
    scope_rule = "organisation"

    def teams(self):
        return self.filter(kind=Kind.TEAM)


class Organisation(models.Model):
    """Any organisation that takes part: it belongs to one region and has one kind."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    department = models.CharField(_("department"), max_length=20, choices=Department.choices, blank=True)
    unit_type = models.CharField(_("unit type"), max_length=12, choices=UnitType.choices, blank=True)
    service_fields = models.ManyToManyField("dictionaries.ServiceField", verbose_name=_("service fields"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "name"],
                name="org_unique_name_in_region",
                violation_error_message=_("An organisation of this kind and name exists in this region already."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="department", department__gt="") | models.Q(department=""),
                name="org_department_only_for_departments",
                violation_error_message=_("Only a department names which department it is."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.kind == Kind.TEAM:
            return reverse("orgs:team_detail", args=[self.pk])
        return reverse("orgs:detail", args=[self.pk])


class MembershipRole(models.TextChoices):
    LEADER = "leader", _("leader")
    MEMBER = "member", _("member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    LEFT = "left", _("left")


class TeamMembership(models.Model):
    """A volunteer in a team. Joining waits for a leader's approval; leaders are approved members too."""

    team = models.ForeignKey(Organisation, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(
        "people.Volunteer", verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                name="membership_once_per_team",
                violation_error_message=_("This volunteer has applied to this team already."),
            ),
        ]
        indexes = [models.Index(fields=["team", "status"]), models.Index(fields=["volunteer", "status"])]

    def __str__(self):
        return f"{self.volunteer} @ {self.team}"

    def decision_subjects(self):
        return {self.volunteer.user_id}
