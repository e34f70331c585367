from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RECENT, UPCOMING, NameField, StyledForm, date_field
from mediation.models import DisputeKind
from regions.forms import community_choices


class DisputeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DisputeKind.choices)
    region = forms.TypedChoiceField(label=_("Community"), coerce=int)
    description = forms.CharField(
        label=_("What the dispute is about"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    reported_by = NameField(label=_("Found or reported by"), max_length=50)
    party_1 = NameField(label=_("First party"), max_length=50)
    side_1 = NameField(label=_("Side or relation"), max_length=30, required=False)
    party_2 = NameField(label=_("Second party"), max_length=50)
    side_2 = NameField(label=_("Side or relation"), max_length=30, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.fields["region"].choices = community_choices(regions)

    def clean_region(self):
        region = self.regions.filter(pk=self.cleaned_data["region"]).first()
        if region is None:
            raise forms.ValidationError(_("Please choose a community in your area."), code="region")
        return region


class AssignForm(StyledForm):
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=None)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = volunteers
        if not volunteers.exists():
            self.fields["mediator"].help_text = _(
                "No volunteer you may see holds a valid 调解技巧 qualification yet: train one first."
            )


class SessionForm(StyledForm):
    on = date_field(_("Date"), RECENT)
    notes = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ConcludeForm(StyledForm):
    reached = forms.BooleanField(label=_("An agreement was reached"), required=False)
    agreement = forms.CharField(
        label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    follow_up_on = date_field(_("Follow-up visit on"), UPCOMING)


class EvaluateForm(StyledForm):
    resolved = forms.BooleanField(label=_("The dispute is resolved"), required=False)
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction of the parties"), choices=[(n, n) for n in range(1, 6)], coerce=int
    )
    note = forms.CharField(
        label=_("What the follow-up found"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
