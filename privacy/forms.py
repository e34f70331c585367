from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm
from privacy.models import Item, RequestKind


class RequestForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("I want to"), choices=RequestKind.choices, widget=forms.RadioSelect, initial=RequestKind.CORRECT
    )
    item = forms.ChoiceField(
        label=_("Which information"),
        choices=[("", "—"), *Item.choices],
        required=False,
        help_text=_("For a deletion, leave it empty to delete all of your information and close your account."),
    )
    detail = forms.CharField(
        label=_("What is wrong and what it should say"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("kind") == RequestKind.CORRECT:
            if not data.get("item"):
                self.add_error("item", _("Choose which information is wrong."))
            if not (data.get("detail") or "").strip():
                self.add_error("detail", _("Say what is wrong and what it should say."))
        return data


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("done", _("Done")), ("refused", _("Refused"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Note to the person"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, or why it is refused (the person can object to a refusal)."),
    )
