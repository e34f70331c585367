"""Forms of venues, rooms and bookings. `room_choices` is shared with the apps above (activities, group work)
that choose a room when they plan."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UPCOMING, NameField, StyledForm, StyledMixin, bound_lengths, date_field
from venues.models import OfficialDayKind, Room, Venue

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DaysField(forms.CharField):
    """Days to leave out of a weekly series: dates such as 2026-10-14 separated by spaces or commas, as a set."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Days to leave out"), max_length=400, required=False, **kwargs)

    def clean(self, value):
        days = set()
        for part in super().clean(value).replace(",", " ").replace("，", " ").split():
            try:
                days.add(datetime.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(_("Write dates as 2026-10-14."), code="date") from None
        return days


class RoomChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.venue.name} · {obj.name}（{obj.capacity}）"


def room_choices(user):
    """The rooms a user may book, for the room field of a planning form."""
    return Room.objects.visible_to(user).select_related("venue").order_by("venue__name", "name")


class VenueForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "kind", "region", "address", "lent_by", "description", "published"]
        field_classes = {"name": NameField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, regions, lenders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["lent_by"].queryset = lenders
        bound_lengths(self, description=2000)


class RoomForm(StyledMixin, forms.ModelForm):
    """A room with its teams and its opening hours, one line per weekday (empty: closed)."""

    class Meta:
        model = Room
        fields = [
            "name", "function", "capacity", "equipment", "step_free", "accessibility", "needs_approval",
            "follows_official_calendar", "teams",
        ]  # fmt: skip
        field_classes = {"name": NameField}
        widgets = {"teams": forms.CheckboxSelectMultiple}

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        current = {row.weekday: row for row in self.instance.hours.all()} if self.instance.pk else {}
        for weekday, label in WEEKDAYS:
            row = current.get(weekday)
            for part, verbose in (("opens", _("opens")), ("closes", _("closes"))):
                name = f"{part}_{weekday}"
                self.fields[name] = forms.TimeField(label=f"{label} {verbose}", widget=TIME, required=False)
                self.fields[name].widget.attrs["class"] = "form-control"
                if row is not None:
                    self.initial[name] = getattr(row, part)

    def clean(self):
        data = super().clean()
        hours = {}
        for weekday, _label in WEEKDAYS:
            opens, closes = data.get(f"opens_{weekday}"), data.get(f"closes_{weekday}")
            if opens is None and closes is None:
                continue
            if opens is None or closes is None or closes <= opens:
                self.add_error(f"closes_{weekday}", _("Give both times, the closing after the opening."))
                continue
            hours[weekday] = (opens, closes)
        data["hours"] = hours
        return data


class BookingForm(StyledForm):
    """One booking, or a weekly series when weeks are given."""

    title = forms.CharField(label=_("What for"), max_length=100)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None)
    day = date_field(_("Date"), UPCOMING)
    starts = forms.TimeField(label=_("From"), widget=TIME)
    ends = forms.TimeField(label=_("To"), widget=TIME)
    expected = forms.IntegerField(label=_("People expected"), min_value=1, max_value=500, initial=10)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for"),
        help_text=_("Weeks, on the weekdays ticked below (empty: once). Statutory holidays are skipped."),
        min_value=1,
        max_value=52,
        required=False,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    exceptions = DaysField(help_text=_("Dates such as 2026-10-14, separated by spaces."))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end must come after the start."))
        if data.get("weeks") and not data.get("weekdays") and data.get("day"):
            data["weekdays"] = [data["day"].weekday()]
        return data

    def stretch(self):
        data = self.cleaned_data
        make = timezone.make_aware
        return make(datetime.datetime.combine(data["day"], data["starts"])), make(
            datetime.datetime.combine(data["day"], data["ends"])
        )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CheckInForm(StyledForm):
    headcount = forms.IntegerField(label=_("How many people came"), min_value=1, max_value=1000)


class ClosedDayForm(StyledForm):
    on = date_field(_("Date"), UPCOMING)
    reason = forms.CharField(label=_("Reason"), max_length=100)


class PhotoForm(StyledForm):
    photo = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class OfficialDayForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label=_("Kind"), choices=OfficialDayKind.choices)
    name = forms.CharField(label=_("Holiday"), max_length=50, help_text=_("Such as 国庆节."))


class OfficialDaysPasteForm(StyledForm):
    text = forms.CharField(
        label=_("A year's schedule"),
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "2027-10-01~2027-10-07 国庆节 放假\n2027-10-09 国庆节 上班"}
        ),
        max_length=5000,
        help_text=_(
            "One line per date or range: the date (or first~last), the holiday, and 放假 (days off), 上班 (a make-up "
            "working day) or 调休 (a day off in lieu). Unless a 调休 line says which, the last weekdays off of a "
            "holiday are its days off in lieu, one per make-up working day. Any bad line refuses the whole paste."
        ),
    )
