from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CONTRACT, NameField, StyledForm, StyledMixin, bound_dates
from resources.models import Resource


class ResourceForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "provider", "kind", "name", "service_field", "description", "capacity", "unit", "period",
            "valid_from", "valid_until", "area", "contact_name", "contact_phone", "public",
        ]  # fmt: skip
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"name": NameField, "contact_name": NameField}

    def __init__(self, *args, providers, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["area"].queryset = regions
        bound_dates(self, valid_from=CONTRACT, valid_until=CONTRACT)

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("The end of validity comes before its start."))
        return data


class ResourceUseForm(StyledForm):
    resource = forms.ModelChoiceField(label=_("Resource"), queryset=None)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources
