from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import HAPPENED, PLANNED, NameField, StyledForm, StyledMixin, bound_dates
from ledger.models import Award, ServiceEvaluation, TrainingSession
from ledger.services import LedgerError, hours_check, hours_message


def clean_hours(value) -> Decimal:
    """Hours the ledger holds (more than 0, at most a day, half-hour steps); anything else, a word or "NaN"
    included, gets the same clear message."""
    try:
        return hours_check(Decimal(str(value).strip()))
    except (InvalidOperation, LedgerError):
        raise ValidationError(hours_message()) from None


class TrainingForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "content", "trainer", "organiser", "region", "on", "hours", "qualifications"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.CheckboxSelectMultiple,
        }
        field_classes = {"title": NameField}

    def __init__(self, *args, regions, organisers, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["organiser"].queryset = organisers
        self.fields["trainer"].queryset = trainers
        bound_dates(self, on=PLANNED)

    def clean_hours(self):
        return clean_hours(self.cleaned_data["hours"])


class AwardForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Award
        fields = ["name", "on", "granted_by"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"name": NameField, "granted_by": NameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self, on=HAPPENED)


class ServiceEvaluationForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = ServiceEvaluation
        fields = ["rating", "on", "unit", "comment"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"unit": NameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self, on=HAPPENED)


class CorrectionForm(StyledForm):
    """A volunteer asks for the hours of one entry to be corrected."""

    hours = forms.CharField(label=_("correct hours"), required=False, max_length=10)
    reason = forms.CharField(label=_("reason"), max_length=300, error_messages={"required": _("Give a reason.")})

    def clean_hours(self):
        return clean_hours(self.cleaned_data["hours"])
