"""The form that sends a need to a department."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UPCOMING, StyledForm
from dispatch.selectors import departments_with_liaison


class DepartmentChoice(forms.ModelChoiceField):
    """Departments, each without a liaison marked so, so the sender knows nobody would receive it yet."""

    staffed: set[int] = set()

    def label_from_instance(self, obj):
        if obj.pk in self.staffed:
            return str(obj)
        return _("%(department)s (no liaison yet: nobody receives it)") % {"department": obj}


class DispatchForm(StyledForm):
    department = DepartmentChoice(label=_("Department"), queryset=None)
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
        field = self.fields["department"]
        field.queryset = departments
        field.staffed = departments_with_liaison(departments)
        if departments.exclude(pk__in=field.staffed).exists():
            field.help_text = _(
                "A department marked “no liaison yet” has nobody to receive a dispatch: ask the region admin to "
                "add its liaison (Staff), or contact the department yourself."
            )
