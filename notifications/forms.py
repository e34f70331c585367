from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledMixin
from notifications.models import Channel, Handset, Preference


class PreferencesForm(StyledMixin, forms.Form):
    sms = forms.BooleanField(label=_("SMS to my mobile number"), required=False, initial=True)
    wechat = forms.BooleanField(label=_("WeChat messages"), required=False)
    email = forms.BooleanField(label=_("E-mail"), required=False)
    email_address = forms.EmailField(label=_("E-mail address"), required=False)
    smartphone = forms.BooleanField(
        label=_("I read messages on a smartphone (otherwise: short SMS only)"), required=False, initial=True
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        prefs = {p.channel: p for p in Preference.objects.filter(person=person)}
        # The openid is bound by WeChat's web authorisation only (the "Bind WeChat" button), never typed in: a
        # typed openid cannot be checked, and a wrong one sends this person's messages to someone else's WeChat.
        self.wechat_bound = bool(Channel.WECHAT in prefs and prefs[Channel.WECHAT].address)
        if Channel.SMS in prefs:
            self.initial["sms"] = prefs[Channel.SMS].enabled
        if Channel.WECHAT in prefs:
            self.initial["wechat"] = prefs[Channel.WECHAT].enabled
        if Channel.EMAIL in prefs:
            self.initial["email"] = prefs[Channel.EMAIL].enabled
            self.initial["email_address"] = prefs[Channel.EMAIL].address
        handset = Handset.objects.filter(person=person).first()
        if handset is not None:
            self.initial["smartphone"] = handset.smartphone

    def clean(self):
        data = super().clean()
        if data.get("wechat") and not self.wechat_bound:
            self.add_error("wechat", _("Bind your WeChat first (the button below)."))
        if data.get("email") and not data.get("email_address"):
            self.add_error("email_address", _("E-mail needs an address."))
        return data

    def choices(self) -> dict[str, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            Channel.SMS: (data["sms"], ""),
            Channel.WECHAT: (data["wechat"], None),
            Channel.EMAIL: (data["email"], data["email_address"]),
        }
