from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import barthel
from casework.models import CloseReason, ContactType, Goal
from casework.services import NEED_ITEMS, RISK_ITEMS
from core.forms import NameField, StyledForm
from people.picker import RecipientPicker

BARTHEL_LABELS = {
    "feeding": _("Feeding"),
    "bathing": _("Bathing"),
    "grooming": _("Grooming"),
    "dressing": _("Dressing"),
    "bowels": _("Bowel control"),
    "bladder": _("Bladder control"),
    "toilet": _("Toilet use"),
    "transfer": _("Bed-to-chair transfer"),
    "mobility": _("Walking on level ground"),
    "stairs": _("Stairs"),
}
RISK_LABELS = {
    "self_harm": _("Risk of self-harm or suicide"),
    "abuse": _("Signs of abuse or violence"),
    "neglect": _("Neglect (no one provides care)"),
    "isolation": _("Social isolation"),
}


def barthel_fields(form, prefix: str = "barthel_"):
    for item, scores in barthel.ITEMS.items():
        form.fields[prefix + item] = forms.TypedChoiceField(
            label=BARTHEL_LABELS[item], choices=[(s, s) for s in scores], coerce=int
        )


def barthel_answers(data, prefix: str = "barthel_") -> dict[str, int]:
    return {item: data[prefix + item] for item in barthel.ITEMS}


class OpenForm(StyledForm):
    recipient = RecipientPicker(label=_("Person served"))
    presenting_problem = forms.CharField(
        label=_("Presenting problem"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    crisis = forms.BooleanField(label=_("Crisis: someone is at risk now"), required=False)

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients


class AgreeForm(StyledForm):
    signed_on = forms.DateField(label=_("Service agreement signed on"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The agreement cannot be signed in the future."), code="future")
        return day


NEED_LABELS = {
    "daily_care": _("Daily care"),
    "health": _("Health and medicine"),
    "income": _("Income and benefits"),
    "housing": _("Housing and safety at home"),
    "company": _("Company and emotional support"),
    "family": _("Family relations"),
    "safety": _("Protection from harm"),
    "learning": _("Learning and skills"),
}


class AssessForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        barthel_fields(self)
        for item in RISK_ITEMS:
            self.fields["risk_" + item] = forms.BooleanField(label=RISK_LABELS[item], required=False)
        for item in NEED_ITEMS:
            self.fields["need_" + item] = forms.BooleanField(label=NEED_LABELS[item], required=False)


class PlanForm(StyledForm):
    goals = forms.CharField(label=_("Goals, one per line"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class ReviewForm(StyledForm):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class EvaluateForm(StyledForm):
    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(label=goal.text, choices=Goal.Outcome.choices)
        barthel_fields(self)


class CloseForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)


class ReopenForm(StyledForm):
    reason = forms.CharField(label=_("Why the case reopens"), max_length=300)


class NoteForm(StyledForm):
    contact_type = forms.ChoiceField(label=_("Contact"), choices=ContactType.choices)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)
    content = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    crisis = forms.BooleanField(label=_("Crisis: someone is at risk now"), required=False)


class ReferralForm(StyledForm):
    to = forms.ModelChoiceField(label=_("Refer to"), queryset=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    consent = NameField(
        label=_("Consent given by"), max_length=50, help_text=_("The person, or the guardian's name and relation.")
    )

    def __init__(self, *args, **kwargs):
        from orgs.models import Kind, Organisation

        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Organisation.objects.filter(
            kind__in=[Kind.AGENCY, Kind.DEPARTMENT], active=True
        ).order_by("name")


class CommentForm(StyledForm):
    note = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Supervisor's comment"), max_length=1000)


class AttachmentForm(StyledForm):
    upload = forms.FileField(
        label=_("Scanned agreement or letter (PDF, JPEG or PNG, up to 5 MB)"),
        error_messages={"required": _("Choose a file to attach.")},
    )
