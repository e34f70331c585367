from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledMixin
from notifications.models import Channel, Handset, Preference


class PreferencesForm(StyledMixin, forms.Form):
    sms = forms.BooleanField(label=_("SMS to my mobile number"), required=False, initial=True)
    wechat = forms.BooleanField(label=_("WeChat messages"), required=False)
    wechat_openid = forms.CharField(
        label=_("WeChat openid (given by the mini program)"), required=False, max_length=200
    )
    email = forms.BooleanField(label=_("E-mail"), required=False)
    email_address = forms.EmailField(label=_("E-mail address"), required=False)
    smartphone = forms.BooleanField(
        label=_("I read messages on a smartphone (otherwise: short SMS only)"), required=False, initial=True
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        prefs = {p.channel: p for p in Preference.objects.filter(person=person)}
        if Channel.SMS in prefs:
            self.initial["sms"] = prefs[Channel.SMS].enabled
        if Channel.WECHAT in prefs:
            self.initial["wechat"] = prefs[Channel.WECHAT].enabled
            self.initial["wechat_openid"] = prefs[Channel.WECHAT].address
        if Channel.EMAIL in prefs:
            self.initial["email"] = prefs[Channel.EMAIL].enabled
            self.initial["email_address"] = prefs[Channel.EMAIL].address
        handset = Handset.objects.filter(person=person).first()
        if handset is not None:
            self.initial["smartphone"] = handset.smartphone

    def clean(self):
        data = super().clean()
        if data.get("wechat") and not data.get("wechat_openid"):
            self.add_error("wechat_openid", _("WeChat messages need the openid."))
        if data.get("email") and not data.get("email_address"):
            self.add_error("email_address", _("E-mail needs an address."))
        return data

    def choices(self) -> dict[str, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            Channel.SMS: (data["sms"], ""),
            Channel.WECHAT: (data["wechat"], data["wechat_openid"]),
            Channel.EMAIL: (data["email"], data["email_address"]),
        }
