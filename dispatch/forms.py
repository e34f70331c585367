"""The form that sends a need to a department."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UPCOMING, StyledForm


class DispatchForm(StyledForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[UPCOMING],
    )
    instructions = forms.CharField(
        label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
