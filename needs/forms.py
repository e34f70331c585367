from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PLANNED, RECENT, WANTED, MultipleCheckbox, NameField, StyledForm, date_field
from dictionaries.models import Language, ServiceField, Skill
from ledger.models import Qualification
from needs.help import Help
from needs.models import DayPart, GenderPreference, Recurrence, Urgency
from needs.recurrence import window_problem
from people.picker import RecipientPicker, VolunteerPicker
from regions.forms import community_choices


class FieldChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def service_field_choice(required=True):
    return FieldChoice(label=_("Service field"), queryset=ServiceField.objects.filter(active=True), required=required)


class NeedForm(StyledForm):
    """A need entered by staff on someone's behalf, or for a whole community."""

    recipient = RecipientPicker(
        label=_("Recipient"),
        required=False,
        help_text=_("Leave empty for a need of the whole community."),
    )
    region = forms.TypedChoiceField(label=_("Community"), coerce=int)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            ("staff", _("entered by staff on someone's behalf")),
            ("referral", _("referral from a department or agency")),
            ("grid", _("grid worker report")),
        ],
    )
    service_field = service_field_choice(required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    crisis = forms.BooleanField(label=_("Crisis: someone is at risk"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    wanted_on = date_field(_("Wanted on"), WANTED, required=False)
    wanted_until = date_field(
        _("Or any day until"),
        WANTED,
        required=False,
        help_text=_("For a need served once within a window, e.g. this week or before Friday (at most 31 days)."),
    )
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices, initial=Recurrence.ONCE)
    required_skills = MultipleCheckbox(
        label=_("Required skills"), queryset=Skill.objects.filter(active=True), required=False
    )
    language = FieldChoice(label=_("Language"), queryset=Language.objects.filter(active=True), required=False)
    gender_preference = forms.ChoiceField(label=_("Helper's sex"), choices=GenderPreference.choices, required=False)
    wanted_part = forms.ChoiceField(label=_("Time of day"), choices=DayPart.choices, required=False)
    required_qualification = forms.ModelChoiceField(
        label=_("Required qualification"), queryset=Qualification.objects.order_by("name"), required=False
    )
    suitable_for_minors = forms.BooleanField(label=_("Suitable for volunteers under 18"), required=False)
    people = forms.IntegerField(
        label=_("Volunteers needed together"),
        min_value=1,
        max_value=5,
        initial=1,
        required=False,
        help_text=_("E.g. 2 for bathing help, 3 for a move: all of them or none are proposed."),
    )
    max_distance_km = forms.IntegerField(
        label=_("Farthest a volunteer may come from (km)"), min_value=1, max_value=100, initial=15, required=False
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        help_text=_("From a map, e.g. 44.130000. Matching needs the place to measure distances."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False
    )

    def __init__(self, *args, recipients, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.fields["recipient"].queryset = recipients
        self.fields["region"].choices = community_choices(regions)

    def clean_max_distance_km(self):
        return self.cleaned_data["max_distance_km"] or 15

    def clean_people(self):
        return self.cleaned_data["people"] or 1

    def clean_region(self):
        region = self.regions.filter(pk=self.cleaned_data["region"]).first()
        if region is None:
            raise forms.ValidationError(_("Please choose a community in your area."), code="region")
        return region

    def clean(self):
        data = super().clean()
        recipient, region = data.get("recipient"), data.get("region")
        if recipient and region and recipient.region_id != region.pk:
            self.add_error("region", _("The recipient lives in %(community)s.") % {"community": recipient.region})
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        problem = window_problem(
            data.get("wanted_on"), data.get("wanted_until"), data.get("recurrence"), people=data.get("people", 1)
        )
        if problem:
            self.add_error("wanted_until", problem)
        return data


class NeedLineForm(StyledForm):
    """One need noted during a home visit."""

    service_field = service_field_choice(required=False)
    description = forms.CharField(
        label=_("Need"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    crisis = forms.BooleanField(label=_("Crisis"), required=False)
    recurrence = forms.ChoiceField(
        label=_("How often"), choices=Recurrence.choices, initial=Recurrence.ONCE, required=False
    )
    required_skills = MultipleCheckbox(
        label=_("Skills wanted"), queryset=Skill.objects.filter(active=True), required=False
    )
    wanted_on = date_field(_("Wanted on"), WANTED, required=False)
    wanted_part = forms.ChoiceField(label=_("Time of day"), choices=DayPart.choices, required=False)

    def clean_recurrence(self):
        return self.cleaned_data["recurrence"] or Recurrence.ONCE


NeedLineFormSet = forms.formset_factory(NeedLineForm, extra=3, max_num=10)


class HomeVisitForm(StyledForm):
    recipient = RecipientPicker(label=_("Household visited"))
    visited_at = forms.DateTimeField(
        label=_("Visited at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[RECENT],
    )
    observations = forms.CharField(
        label=_("Observations about the household"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients


class ResidentRequestForm(StyledForm):
    """In plain words: what kind of help (mapped to a service field by needs.help), then the person's own words."""

    help = forms.ChoiceField(
        label=_("What help do you need?"), choices=Help.choices, widget=forms.RadioSelect, required=False
    )  # not chosen: the words below say it, and the worker files it at triage
    description = forms.CharField(
        label=_("Tell us a little more"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    wanted_on = date_field(_("When would you like it?"), WANTED, required=False)


class TriageForm(StyledForm):
    service_field = service_field_choice()
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    crisis = forms.BooleanField(label=_("Crisis: someone is at risk"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("I have seen the open needs above; this one is different"), required=False
    )


class TaskForm(StyledForm):
    volunteer = VolunteerPicker(label=_("Volunteer"), required=False)
    team = forms.ModelChoiceField(label=_("or a team"), queryset=None, required=False)
    what = forms.CharField(label=_("What to do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    on = date_field(_("Date"), PLANNED)
    place = forms.CharField(label=_("Place"), max_length=200)
    contact = forms.CharField(label=_("Contact"), max_length=100)

    def __init__(self, *args, teams, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        if not data.get("volunteer") and not data.get("team") and "volunteer" not in self.errors:
            raise forms.ValidationError(_("Choose a volunteer or a team."), code="nobody")
        return data


class CloseForm(StyledForm):
    how = forms.ChoiceField(
        label=_("How the need ends"),
        choices=[
            ("evaluated", _("closed with evaluation")),
            ("referred", _("referred")),
            ("withdrawn", _("withdrawn")),
        ],
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Recipient's or family's comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    given_by = NameField(label=_("Evaluation given by"), max_length=50, required=False)
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )
    referred_to = NameField(label=_("Referred to"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )

    def __init__(self, *args, evaluate: bool = True, **kwargs):
        """`evaluate=False` for someone who delivered the service: they do not record its evaluation."""
        super().__init__(*args, **kwargs)
        if not evaluate:
            self.fields["how"].choices = [c for c in self.fields["how"].choices if c[0] != "evaluated"]

    def clean(self):
        data = super().clean()
        how = data.get("how")
        if how == "evaluated" and not data.get("satisfaction"):
            self.add_error("satisfaction", _("A need closes with the recipient's satisfaction from 1 to 5."))
        if how in {"referred", "withdrawn"} and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason."))
        if how == "referred" and not (data.get("referred_to") or "").strip():
            self.add_error("referred_to", _("Say to whom the need is referred."))
        return data


class FeedbackForm(StyledForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )


class ReasonForm(StyledForm):
    """A volunteer's word with an answer to a task: as long as the task's note holds."""

    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class TaskTimeForm(StyledForm):
    """The times of a volunteer's service on a task, entered by the worker or the team leader (for a volunteer
    without a phone, or a member who came): past times only, checked again by the service."""

    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None)
    started_at = forms.DateTimeField(
        label=_("Service started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[RECENT],
    )
    ended_at = forms.DateTimeField(
        label=_("Service ended"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[RECENT],
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers
        self.fields["volunteer"].label_from_instance = lambda volunteer: (
            f"{volunteer.user.name}（{volunteer.volunteer_number}）"
        )


class NeedEditForm(NeedForm):
    """The details of a need not yet answered. Who it is for, where, and how urgent stay as found and triaged
    (triage changes the urgency)."""

    FIXED = ("recipient", "region", "source", "urgency", "crisis")

    def __init__(self, *args, **kwargs):
        from people.models import Recipient
        from regions.models import Region

        super().__init__(*args, recipients=Recipient.objects.none(), regions=Region.objects.none(), **kwargs)
        for name in self.FIXED:
            del self.fields[name]

    @classmethod
    def initial_for(cls, need) -> dict:
        fields = [name for name in cls.base_fields if name not in cls.FIXED]
        initial = {name: getattr(need, name) for name in fields if name != "required_skills"}
        return initial | {"required_skills": list(need.required_skills.all())}
