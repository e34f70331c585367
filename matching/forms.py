import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import WANTED, StyledForm, date_field
from regions.models import Level

WEEK_CHOICES = [(1, _("1 week")), (2, _("2 weeks")), (3, _("3 weeks")), (4, _("4 weeks"))]


def next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


class RunForm(StyledForm):
    region = forms.ModelChoiceField(label=_("Area"), queryset=None)
    starts_on = date_field(_("From"), WANTED)
    weeks = forms.TypedChoiceField(label=_("Plan"), choices=WEEK_CHOICES, coerce=int, initial=1)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions.filter(
            level__in=[Level.COUNTY, Level.TOWNSHIP, Level.COMMUNITY, Level.CITY]
        ).order_by("path")
        self.fields["region"].label_from_instance = lambda region: region.full_name
        self.fields["region"].initial = self.fields["region"].queryset.first()
        self.fields["starts_on"].initial = next_monday()

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("A run plans from today onwards."), code="past")
        return day


class ChangeForm(StyledForm):
    volunteer = forms.TypedChoiceField(label=_("Another candidate"), coerce=int)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = choices
