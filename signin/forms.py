"""Forms of sign-in: the back office's password form, and the codes of two-factor sign-in."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from core.forms import StyledForm, StyledMixin
from people.forms import PhoneAuthenticationForm


class AdminLoginForm(AdminAuthenticationForm):
    """The back office signs in like the site: by mobile number, with messages in plain words (Django's own
    would name the internal field that holds the number's blind index)."""

    username = PhoneAuthenticationForm.base_fields["username"]
    error_messages = {
        **PhoneAuthenticationForm.error_messages,
        "invalid_login": _("The mobile number or the password is wrong, or this account may not use the back office."),
    }


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}),
    )


class VerifyForm(CodeForm):
    """The second step of signing in: the six digits of the authenticator, or one recovery code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        )


class EnrolForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.fields["code"].help_text = _("The six digits the app shows after you added the key.")


class DisableForm(StyledForm):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."), code="password")
        return password


class StyledPasswordChangeForm(StyledMixin, PasswordChangeForm):
    pass
