from django import forms

from ledger.models import Award, ServiceEvaluation, TrainingSession
from qianniu.forms import HAPPENED, PLANNED, NameField, StyledMixin, bound_dates, validate_half_hours


class TrainingForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "content", "trainer", "organiser", "region", "on", "hours", "qualification"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}), "content": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"title": NameField}

    def __init__(self, *args, regions, organisers, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["organiser"].queryset = organisers
        self.fields["trainer"].queryset = trainers
        bound_dates(self, on=PLANNED)
        self.fields["hours"].validators.append(validate_half_hours)


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
