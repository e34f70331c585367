from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CONTRACT, NameField, StyledForm, StyledMixin, bound_dates
from orgs.models import Organisation
from projects.models import Project, ServiceItem, Target
from venues.forms import BookingForm, RoomChoice


class ProjectForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "name", "region", "owner", "lead", "method", "target_groups", "government_purchase", "contract_number",
            "contract_amount", "starts_on", "ends_on", "target_people", "target_hours", "target_evaluations", "teams",
            "resources", "description",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"name": NameField}

    def __init__(self, *args, regions, owners, leads, teams, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["owner"].queryset = owners
        self.fields["lead"].queryset = leads
        self.fields["teams"].queryset = teams
        self.fields["resources"].queryset = resources
        bound_dates(self, starts_on=CONTRACT, ends_on=CONTRACT)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The project ends before it starts."))
        if data.get("government_purchase") and not data.get("contract_number"):
            self.add_error("contract_number", _("A government purchase needs its contract number."))
        return data


class ServiceItemForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = ServiceItem
        fields = ["name", "service_field", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"name": NameField}


class TargetForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["label", "count", "service_item"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_item"].queryset = project.service_items.all()


class NeedServiceItemForm(StyledForm):
    """Match a need to a project service (from the need's page)."""

    item = forms.ModelChoiceField(label=_("Project service"), queryset=None)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class ProjectBookingForm(BookingForm):
    """A room booked for a project (once or weekly): the room chosen among those the user may book, no team."""

    field_order = ["room"]

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, teams=Organisation.objects.none(), **kwargs)
        del self.fields["team"]
        self.fields["room"] = RoomChoice(label=_("Room"), queryset=rooms)
        self.fields["room"].widget.attrs["class"] = "form-select"
        self.order_fields(self.field_order)
