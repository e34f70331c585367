"""The one validation of a new account's name, mobile number and password, shared by the staff pages and the
back office (the staff pages and people.admin)."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import NameField, StyledForm, StyledMixin
from people.forms import clean_mobile
from people.models import User, phone_index
from people.services import user_create


class AccountFields:
    """Name and mobile number: a full name, a valid mainland mobile number not registered to another account."""

    account: User | None = None  # the account being changed, if any

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Please enter the full name."), code="name")
        return name

    def clean_phone(self):
        phone = clean_mobile(self.cleaned_data["phone"])
        taken = User.objects.filter(phone_index=phone_index(phone))
        if self.account is not None:
            taken = taken.exclude(pk=self.account.pk)
        if taken.exists():
            raise forms.ValidationError(_("This mobile number is registered already."), code="taken")
        return phone


def name_field():
    return NameField(label=pgettext_lazy("person", "Name"), max_length=50)


def phone_field():
    return forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class AccountForm(AccountFields, StyledForm):
    name = name_field()
    phone = phone_field()

    def __init__(self, *args, account: User | None = None, **kwargs):
        self.account = account
        super().__init__(*args, **kwargs)


class AdminUserCreationForm(AccountFields, StyledMixin, forms.ModelForm):
    """The back office's "add user": the same checks as the pages, and the account is made by
    people.services.user_create, which encrypts the number and keeps its blind index."""

    name = name_field()
    phone = phone_field()
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["name"]

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, User(name=data.get("name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def _post_clean(self):
        pass  # the model's own validation would ask for the blind index, which user_create computes

    def save(self, commit=True):
        data = self.cleaned_data
        self.instance = user_create(phone=data["phone"], name=data["name"], password=data["password1"])
        return self.instance

    def save_m2m(self):
        pass
