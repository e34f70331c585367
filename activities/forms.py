from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import PLANNED, NameField, StyledForm, StyledMixin, bound_dates, bound_lengths
from people.picker import VolunteerPicker
from venues.forms import RoomChoice

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ActivityForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title", "content", "organiser", "lead", "region", "place", "starts_at", "ends_at", "quota", "min_age",
            "required_qualification", "minors_allowed", "risky", "insurance_confirmed", "auto_approve", "status",
            "required_skills", "latitude", "longitude",
        ]  # fmt: skip
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "content": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"title": NameField}

    repeat_weeks = forms.IntegerField(
        label=_("Repeat weekly"),
        help_text=_("How many more weeks the same activity takes place at the same time (0 for once)."),
        min_value=0,
        max_value=26,
        initial=0,
        required=False,
    )

    def __init__(self, *args, organisers, leads, regions, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rooms is not None and not (self.instance.pk and self.instance.booking_id):
            self.fields["room"] = RoomChoice(
                label=_("Room"),
                queryset=rooms,
                required=False,
                help_text=_("Booked with it; refused if the room is taken then."),
                widget=forms.Select(attrs={"class": "form-select"}),  # added after StyledMixin styled the rest
            )
        if self.instance.pk:
            del self.fields["repeat_weeks"]
        self.fields["organiser"].queryset = organisers
        self.fields["lead"].queryset = leads
        self.fields["region"].queryset = regions
        bound_dates(self, starts_at=PLANNED, ends_at=PLANNED)
        bound_lengths(self, content=2000)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The activity ends before it starts."))
        if data.get("status") == "published" and data.get("risky") and not data.get("insurance_confirmed"):
            self.add_error(
                "insurance_confirmed", _("A risky activity is published only after accident insurance is confirmed.")
            )
        return data


class MarkAttendanceForm(StyledForm):
    volunteer = VolunteerPicker(label=_("Volunteer"))
    checked_in_at = forms.DateTimeField(label=_("From"), widget=DATETIME)
    checked_out_at = forms.DateTimeField(label=_("To"), widget=DATETIME)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers


class SignedUpChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.user.name}（{obj.volunteer_number[-6:]}）"


class RollForm(StyledForm):
    """Hand attendance: the signed-up volunteers who came, ticked in one go, and one who walked in."""

    present = SignedUpChoice(label=_("Came"), queryset=None, required=False)
    walk_in = VolunteerPicker(
        label=_("Someone who came without signing up"),
        required=False,
        help_text=_("Signed up and marked present with the others."),
    )
    checked_in_at = forms.DateTimeField(label=_("From"), widget=DATETIME)
    checked_out_at = forms.DateTimeField(label=_("To"), widget=DATETIME)

    def __init__(self, *args, signed_up, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = signed_up
        self.fields["walk_in"].queryset = volunteers

    def clean(self):
        data = super().clean()
        if not data.get("present") and not data.get("walk_in") and not self.errors:
            raise forms.ValidationError(_("Tick the volunteers who came."), code="nobody")
        start, end = data.get("checked_in_at"), data.get("checked_out_at")
        if start and end and end <= start:
            self.add_error("checked_out_at", _("The end must come after the start."))
        return data
