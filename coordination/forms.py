"""The forms of the coordination pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import MemberRole
from core.forms import PLANNED, RECENT, StyledForm, date_field


class GroupForm(StyledForm):
    region = forms.ModelChoiceField(label=_("region"), queryset=None)
    name = forms.CharField(label=_("name"), max_length=100)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class MemberForm(StyledForm):
    organisation = forms.ModelChoiceField(label=_("unit"), queryset=None)
    role = forms.ChoiceField(label=_("role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    representative = forms.CharField(label=_("representative"), max_length=60, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class OfficeForm(StyledForm):
    organisation = forms.ModelChoiceField(label=_("office"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = units


class MeetingForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=100)
    held_on = date_field(_("date"), RECENT)
    attendees = forms.ModelMultipleChoiceField(
        label=_("attending units"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = units


class DecisionForm(StyledForm):
    decision = forms.CharField(label=_("decision"), max_length=1000, required=False)
    owner = forms.ModelChoiceField(label=_("owner unit"), queryset=None, required=False)
    deadline = date_field(_("deadline"), PLANNED, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units

    def clean(self):
        data = super().clean()
        given = [bool(data.get(name)) for name in ("decision", "owner", "deadline")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("A decision needs its text, its owner unit and its deadline."))
        return data


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3, max_num=20)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=100)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_on = date_field(_("starts"), PLANNED)
    ends_on = date_field(_("ends"), PLANNED)
    target_volunteers = forms.IntegerField(label=_("target: volunteers"), min_value=0, max_value=10_000_000)
    target_hours = forms.IntegerField(label=_("target: hours"), min_value=0, max_value=100_000_000)
    target_people_served = forms.IntegerField(label=_("target: people served"), min_value=0, max_value=100_000_000)


class JoinForm(StyledForm):
    region = forms.ModelChoiceField(label=_("region"), queryset=None)
    plan = forms.CharField(label=_("plan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class LinkForm(StyledForm):
    activity = forms.ModelChoiceField(label=_("activity"), queryset=None)
    people_served = forms.IntegerField(label=_("people served"), min_value=0, max_value=1_000_000, initial=0)

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
