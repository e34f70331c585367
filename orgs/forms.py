from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleCheckbox, NameField, StyledForm
from dictionaries.models import ServiceField
from orgs.models import Department, Kind, UnitType


class OrganisationForm(StyledForm):
    name = NameField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    region = forms.TypedChoiceField(label=_("Region"), coerce=int)
    department = forms.ChoiceField(
        label=_("Department"), choices=[("", "---------"), *Department.choices], required=False
    )
    unit_type = forms.ChoiceField(label=_("Unit type"), choices=[("", "---------"), *UnitType.choices], required=False)
    service_fields = MultipleCheckbox(
        label=_("Service fields"), queryset=ServiceField.objects.filter(active=True), required=False
    )
    contact_name = NameField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, regions, kind_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.fields["region"].choices = [
            (r.pk, f"{'　' * max(r.depth - 2, 0)}{r.name}") for r in regions.order_by("path")
        ]
        if kind_locked:
            # A leader or a liaison keeps the description and contact up to date; what the organisation is
            # belongs to the region administrator.
            for name in ("name", "kind", "region", "department", "unit_type", "active"):
                self.fields[name].disabled = True

    @classmethod
    def initial_for(cls, organisation) -> dict:
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "region": organisation.region_id,
            "department": organisation.department,
            "unit_type": organisation.unit_type,
            "service_fields": list(organisation.service_fields.all()),
            "contact_name": organisation.contact_name,
            "contact_phone": organisation.contact_phone,
            "address": organisation.address,
            "description": organisation.description,
            "active": organisation.active,
        }

    def clean_region(self):
        region = self.regions.filter(pk=self.cleaned_data["region"]).first()
        if region is None:
            raise forms.ValidationError(_("Please choose a region in your area."), code="region")
        return region

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Please choose which department this is."))
        if data.get("kind") != Kind.DEPARTMENT:
            data["department"] = ""
        if data.get("kind") != Kind.UNIT:
            data["unit_type"] = ""
        return data


class DecisionForm(StyledForm):
    note = forms.CharField(label=_("Reason"), max_length=200, required=False)
