from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PLANNED, NameField, StyledForm, date_field
from regions.forms import community_choices
from venues.forms import TIME, WEEKDAYS, DaysField, RoomChoice


class GroupForm(StyledForm):
    name = NameField(label=_("Name"), max_length=100)
    region = forms.TypedChoiceField(label=_("Community"), coerce=int)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.fields["region"].choices = community_choices(regions)

    def clean_region(self):
        region = self.regions.filter(pk=self.cleaned_data["region"]).first()
        if region is None:
            raise forms.ValidationError(_("Please choose a community in your area."), code="region")
        return region


class MemberForm(StyledForm):
    recipient = forms.ModelChoiceField(label=_("Person served"), queryset=None, required=False)
    volunteer = forms.ModelChoiceField(label=_("or a volunteer"), queryset=None, required=False)

    def __init__(self, *args, recipients, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        self.fields["volunteer"].queryset = volunteers


class SessionForm(StyledForm):
    on = date_field(_("Date"), PLANNED)
    plan = forms.CharField(label=_("Plan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    notes = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    room = RoomChoice(
        label=_("Room"),
        queryset=None,
        required=False,
        help_text=_("Booked with it; refused if the room is taken then."),
    )
    starts = forms.TimeField(label=_("From"), widget=TIME, required=False)
    ends = forms.TimeField(label=_("To"), widget=TIME, required=False)

    def __init__(self, *args, members, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda member: member.name
        self.fields["room"].queryset = rooms


class EndForm(StyledForm):
    evaluation = forms.CharField(
        label=_("End-of-group evaluation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    goals_met = forms.IntegerField(label=_("Goals met (%)"), min_value=0, max_value=100)


class SessionMoveForm(StyledForm):
    """A session moved to another day (and hours, which its room's booking needs)."""

    on = date_field(_("Date"), PLANNED)
    starts = forms.TimeField(label=_("From"), widget=TIME, required=False)
    ends = forms.TimeField(label=_("To"), widget=TIME, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end must come after the start."))
        return data


class SessionCancelForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class SessionPlanForm(StyledForm):
    """The group's sessions planned weekly for some weeks in a room, booked as one series (skipping holidays)."""

    room = RoomChoice(label=_("Room"), queryset=None)
    first_day = date_field(_("First session"), PLANNED)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("To"), widget=TIME)
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=52, initial=8)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        help_text=_("Empty: the weekday of the first session."),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exceptions = DaysField(
        help_text=_("Dates such as 2026-10-14, separated by spaces. Statutory holidays are skipped anyway.")
    )
    plan = forms.CharField(label=_("Plan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end must come after the start."))
        return data
