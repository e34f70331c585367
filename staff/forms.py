"""Forms of the staff pages: a new account with its first role, another role, the account's name and number."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, StyledMixin
from people.account_forms import AccountForm
from people.models import Role
from staff import selectors

ACCOUNT_ROLES = [
    (Role.SOCIAL_WORKER.value, Role.SOCIAL_WORKER.label),
    (Role.SUPERVISOR.value, Role.SUPERVISOR.label),
    (Role.DEPARTMENT_LIAISON.value, Role.DEPARTMENT_LIAISON.label),
    (Role.REGION_ADMIN.value, _("region administrator of an area below yours")),
]
GRANT_ROLES = [*ACCOUNT_ROLES, (Role.TEAM_LEADER.value, Role.TEAM_LEADER.label)]


class RoleFields(StyledForm):
    """A role and where it is held: a region for admins, social workers and supervisors, a department for
    liaisons, a team for team leaders. The choices are the admin's own area."""

    role = forms.ChoiceField(label=_("Role"), choices=GRANT_ROLES)
    region = forms.ModelChoiceField(
        label=_("Area"), queryset=None, required=False, help_text=_("For admins, social workers and supervisors.")
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, help_text=_("For department liaisons.")
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, help_text=_("For team leaders."))

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.grant_regions(by)
        self.fields["department"].queryset = selectors.departments_in_area(by)
        self.fields["team"].queryset = selectors.teams_in_area(by)

    def clean(self):
        data = super().clean()
        role = data.get("role")
        needed = {Role.DEPARTMENT_LIAISON: "department", Role.TEAM_LEADER: "team"}.get(role, "region")
        if role and not data.get(needed):
            self.add_error(needed, _("Choose where this role is held."))
        return data

    def place(self) -> dict:
        """The keyword arguments of the grant: region= or organisation=."""
        data = self.cleaned_data
        if data["role"] == Role.DEPARTMENT_LIAISON:
            return {"organisation": data["department"]}
        if data["role"] == Role.TEAM_LEADER:
            return {"organisation": data["team"]}
        return {"region": data["region"]}


class GrantForm(RoleFields):
    pass


class StaffCreateForm(AccountForm, RoleFields):
    """A new staff account: who it is and its first role (a team leader is made from a registered volunteer's
    page, on the account's staff page)."""

    field_order = ["name", "phone", "role", "region", "department"]

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, by=by, **kwargs)
        self.fields["role"].choices = ACCOUNT_ROLES
        del self.fields["team"]


class InvitationPasswordForm(StyledMixin, SetPasswordForm):
    """Django's own: both passwords equal, and settings.AUTH_PASSWORD_VALIDATORS."""


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DutyShiftForm(StyledForm):
    """A shift of the roster: an area the user keeps the roster of, a supervisor of it, from when to when."""

    region = forms.ModelChoiceField(label=_("Area"), queryset=None)
    supervisor = forms.ModelChoiceField(label=_("supervisor on duty"), queryset=None)
    starts_at = forms.DateTimeField(label=_("on duty from"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("on duty until"), widget=DATETIME)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.roster_areas(by)
        self.fields["supervisor"].queryset = selectors.supervisors_for_roster(by)
