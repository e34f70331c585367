"""Forms for volunteers, recipients and consents. Validation messages speak the user's language."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import BIRTH_DATE, MultipleCheckbox, NameField, StyledForm, StyledMixin
from dictionaries.models import Language, RecipientTag, ServiceField, Skill, TargetGroup
from orgs.models import Kind, Organisation
from people.idcard import InvalidNumber, normalize_mobile, parse_resident_id
from people.models import (
    ConsentKind,
    ConsentMethod,
    IdType,
    RegistrationStatus,
    Sex,
    VolunteerKind,
)
from regions.forms import community_choices
from regions.models import Region

ID_MESSAGES = {
    "format": _("A resident ID number has 18 characters: 17 digits and a final digit or X."),
    "birth_date": _("The date of birth in this ID number (characters 7 to 14) is not a real date."),
    "check_digit": _("The check digit of this ID number is wrong. Please check the number again."),
}
MOBILE_MESSAGE = _("Please enter an 11-digit mainland mobile number, such as 13812345678.")

WEEKDAYS = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
DAY_PARTS = [
    ("am", _("morning"), "08:00", "12:00"),
    ("pm", _("afternoon"), "14:00", "18:00"),
    ("eve", _("evening"), "19:00", "21:00"),
]
AVAILABILITY_CHOICES = [
    (f"{day}-{part}", f"{WEEKDAYS[day]} {label}") for day in range(7) for part, label, _start, _end in DAY_PARTS
]


def availability_from_slots(slots: list[str]) -> list[dict]:
    parts = {part: (start, end) for part, _label, start, end in DAY_PARTS}
    windows = []
    for slot in slots:
        day, part = slot.split("-")
        start, end = parts[part]
        windows.append({"weekday": int(day), "start": start, "end": end})
    return sorted(windows, key=lambda w: (w["weekday"], w["start"]))


def slots_from_availability(windows: list[dict]) -> list[str]:
    by_start = {start: part for part, _label, start, _end in DAY_PARTS}
    return [f"{w['weekday']}-{by_start[w['start']]}" for w in windows or [] if w.get("start") in by_start]


def clean_mobile(value: str) -> str:
    try:
        return normalize_mobile(value)
    except InvalidNumber:
        raise forms.ValidationError(MOBILE_MESSAGE, code="mobile") from None


def check_resident_id(value: str, *, birth_date=None, sex=None):
    """Validate a resident ID number and, when given, that the date of birth and sex agree with it."""
    try:
        parsed = parse_resident_id(value)
    except InvalidNumber as error:
        raise forms.ValidationError(ID_MESSAGES[error.code], code=error.code) from None
    errors = {}
    if birth_date and birth_date != parsed.birth_date:
        errors["birth_date"] = _("The date of birth does not match the ID number, which says %(date)s.") % {
            "date": date_format(parsed.birth_date)
        }
    if sex and sex != parsed.sex:
        errors["sex"] = _("The sex does not match the ID number.")
    return parsed, errors


class PhoneAuthenticationForm(StyledMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The mobile number or the password is wrong."),
        "inactive": _("This account has been disabled."),
    }


class VolunteerProfileForm(StyledForm):
    """The Art. 5 profile fields shared by registration and editing."""

    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}), validators=[BIRTH_DATE]
    )
    region = forms.TypedChoiceField(label=_("Community where you live"), coerce=int)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Volunteer kind"), choices=VolunteerKind.choices, initial=VolunteerKind.GENERAL)
    skills = MultipleCheckbox(
        label=_("Professional skills"), queryset=Skill.objects.filter(active=True), required=False
    )
    service_fields = MultipleCheckbox(
        label=_("Service categories"), queryset=ServiceField.objects.filter(active=True), required=False
    )
    languages = MultipleCheckbox(label=_("Languages"), queryset=Language.objects.filter(active=True), required=False)
    availability = forms.MultipleChoiceField(
        label=_("When you are free"), choices=AVAILABILITY_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    weekly_capacity = forms.IntegerField(
        label=_("Tasks a week at most"),
        min_value=0,
        max_value=14,
        initial=2,
        required=False,
        help_text=_("0 pauses new tasks."),
    )

    def clean_region(self):
        try:
            return Region.objects.get(pk=self.cleaned_data["region"])
        except Region.DoesNotExist:
            raise forms.ValidationError(_("Please choose a community."), code="region") from None

    def profile(self) -> dict:
        data = {key: self.cleaned_data[key] for key in ("sex", "birth_date", "region", "address", "kind")}
        capacity = self.cleaned_data.get("weekly_capacity")
        data["weekly_capacity"] = 2 if capacity is None else capacity
        data.update({key: list(self.cleaned_data[key]) for key in ("skills", "service_fields", "languages")})
        data["availability"] = availability_from_slots(self.cleaned_data["availability"])
        for key in ("latitude", "longitude"):
            if key in self.cleaned_data:
                data[key] = self.cleaned_data[key]
        return data


class VolunteerRegistrationForm(VolunteerProfileForm):
    name = NameField(label=pgettext_lazy("person", "Name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )
    id_type = forms.ChoiceField(label=_("ID document type"), choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("ID document number"), max_length=30)
    team = forms.ModelChoiceField(
        label=_("Team you wish to join"),
        queryset=Organisation.objects.filter(kind=Kind.TEAM, active=True).select_related("region"),
        required=False,
        help_text=_("The team leader approves your application."),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my information is used to record and arrange my "
            "volunteer service."
        ),
        error_messages={"required": _("Registration needs your consent to the privacy notice.")},
    )

    field_order = [
        "name",
        "phone",
        "password",
        "id_type",
        "id_number",
        "sex",
        "birth_date",
        "region",
        "address",
        "kind",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = community_choices()
        self.fields["sex"].required = False
        self.fields["birth_date"].required = False
        self.fields["sex"].help_text = self.fields["birth_date"].help_text = _(
            "Read from a resident ID number; needed for other documents."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Please enter your full name."), code="name")
        return name

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if data.get("password"):
            try:
                password_validation.validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        number = data.get("id_number")
        if number and data.get("id_type") == IdType.RESIDENT_ID:
            try:
                parsed, mismatches = check_resident_id(number, birth_date=data.get("birth_date"), sex=data.get("sex"))
            except forms.ValidationError as error:
                self.add_error("id_number", error)
            else:
                for field, message in mismatches.items():
                    self.add_error(field, message)
                data["id_number"] = parsed.number
                data["birth_date"] = data.get("birth_date") or parsed.birth_date
                data["sex"] = data.get("sex") or parsed.sex
        elif number:
            for field in ("sex", "birth_date"):
                if not data.get(field):
                    self.add_error(field, _("This field is required for this type of document."))
        return data


class VolunteerForm(VolunteerProfileForm):
    """Editing a volunteer's profile: by the volunteer, or by an administrator of the region."""

    name = NameField(label=pgettext_lazy("person", "Name"), max_length=50)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False
    )

    field_order = ["name", "sex", "birth_date", "region", "address", "latitude", "longitude", "kind"]

    def __init__(self, *args, volunteer, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        self.fields["region"].choices = community_choices(regions)
        if volunteer.id_type == IdType.RESIDENT_ID:
            # Read from the ID number: not editable here.
            for field in ("sex", "birth_date"):
                self.fields[field].disabled = True

    @classmethod
    def initial_for(cls, volunteer) -> dict:
        return {
            "name": volunteer.user.name,
            "sex": volunteer.sex,
            "birth_date": volunteer.birth_date,
            "region": volunteer.region_id,
            "address": volunteer.address,
            "latitude": volunteer.latitude,
            "longitude": volunteer.longitude,
            "kind": volunteer.kind,
            "skills": list(volunteer.skills.all()),
            "service_fields": list(volunteer.service_fields.all()),
            "languages": list(volunteer.languages.all()),
            "availability": slots_from_availability(volunteer.availability),
            "weekly_capacity": volunteer.weekly_capacity,
        }

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."), code="coordinates")
        return data


class VolunteerStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Registration status"), choices=RegistrationStatus.choices)


class RecipientForm(StyledForm):
    name = NameField(label=pgettext_lazy("person", "Name"), max_length=50)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[BIRTH_DATE],
    )
    id_number = forms.CharField(label=_("Resident ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    region = forms.TypedChoiceField(label=_("Community"), coerce=int)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    groups = MultipleCheckbox(label=_("Groups"), queryset=TargetGroup.objects.filter(active=True), required=False)
    tags = MultipleCheckbox(label=_("Situation"), queryset=RecipientTag.objects.filter(active=True), required=False)
    guardian_name = NameField(label=_("Guardian or contact person"), max_length=50, required=False)
    guardian_relation = NameField(label=_("Relation"), max_length=20, required=False)
    guardian_phone = forms.CharField(label=_("Contact person's mobile number"), max_length=20, required=False)

    SENSITIVE = ("id_number", "phone", "guardian_phone")

    def __init__(self, *args, regions, recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions
        self.recipient = recipient
        self.fields["region"].choices = community_choices(regions)
        if recipient is not None:
            # Numbers are never sent to the browser in full: the form shows them masked, and an empty field
            # keeps the stored number.
            masked = {
                "id_number": recipient.masked_id,
                "phone": recipient.masked_phone,
                "guardian_phone": recipient.masked_guardian_phone,
            }
            for name in self.SENSITIVE:
                if masked[name]:
                    self.fields[name].help_text = _("Now %(masked)s. Leave empty to keep it.") % {
                        "masked": masked[name]
                    }

    @classmethod
    def initial_for(cls, recipient) -> dict:
        return {
            "name": recipient.name,
            "sex": recipient.sex,
            "birth_date": recipient.birth_date,
            "region": recipient.region_id,
            "address": recipient.address,
            "groups": list(recipient.groups.all()),
            "tags": list(recipient.tags.all()),
            "guardian_name": recipient.guardian_name,
            "guardian_relation": recipient.guardian_relation,
        }

    def clean_region(self):
        region = self.regions.filter(pk=self.cleaned_data["region"]).first()
        if region is None:
            raise forms.ValidationError(_("Please choose a community in your area."), code="region")
        return region

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if self.recipient is not None and any(tag.sensitive for tag in tags):
            from people.services import sensitive_tags_refusal

            refusal = sensitive_tags_refusal(self.recipient)
            if refusal:
                raise forms.ValidationError(refusal, code="consent_withdrawn")
        return tags

    def clean_guardian_phone(self):
        value = self.cleaned_data["guardian_phone"]
        return clean_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("id_number"):
            try:
                parsed, mismatches = check_resident_id(
                    data["id_number"], birth_date=data.get("birth_date"), sex=data.get("sex")
                )
            except forms.ValidationError as error:
                self.add_error("id_number", error)
            else:
                for field, message in mismatches.items():
                    self.add_error(field, message)
                data["id_number"] = parsed.number
                data["birth_date"] = data.get("birth_date") or parsed.birth_date
        return data

    def data_for_service(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key != "name"}
        if self.recipient is not None:
            for name in self.SENSITIVE:
                if not data.get(name):
                    data.pop(name, None)
        return data


class ConsentForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Consent to"), choices=[c for c in ConsentKind.choices if c[0] != ConsentKind.PRIVACY_POLICY]
    )
    scope = forms.CharField(label=_("What was consented"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    given_by = NameField(label=_("Given by"), max_length=50)
    relation = NameField(label=_("Relation to the person"), max_length=20, initial="本人")
    method = forms.ChoiceField(label=_("Method"), choices=ConsentMethod.choices, initial=ConsentMethod.PAPER)
