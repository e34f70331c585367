from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import SCOPES, scope_label
from core.forms import StyledForm

DAYS = [(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (365, _("one year"))]


class TokenForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("What the token is for, e.g. the county report"))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple, choices=lambda: [(s, scope_label(s)) for s in SCOPES]
    )
    days = forms.TypedChoiceField(label=_("Valid for"), choices=DAYS, coerce=int, initial=90)
