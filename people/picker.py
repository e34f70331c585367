"""Choosing a person in a form by searching, never by typing a long number.

`RecipientPicker` and `VolunteerPicker` are model choice fields whose widget is a search box: as the worker
types, htmx asks the picker endpoint (`people:pick_recipients`, `people:pick_volunteers`) for the people of
their scope who match, shown with sex, age, community and address so that namesakes are told apart, each a
radio button of the form. Without JavaScript the widget links to the endpoint's own page, a plain search form
whose results link back to the form with the person chosen (`?<field>=<pk>`).
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from people.selectors import recipient_choice, volunteer_choice


class PersonPickerWidget(forms.Widget):
    template_name = "people/widgets/person_picker.html"

    def __init__(self, *, url_name: str, describe, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.describe = describe
        self.queryset = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.queryset = self.queryset
        return copy

    def format_value(self, value):
        if value in (None, ""):
            return None
        return getattr(value, "pk", value)

    def chosen(self, value):
        """The person already chosen (the form's initial value or what was posted), if the scope holds them."""
        if value is None or self.queryset is None:
            return []
        try:
            person = self.queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            return []
        return [self.describe(person)] if person else []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        context["widget"].update(
            search_url=reverse(self.url_name),
            chosen=self.chosen(value),
            field=name,
        )
        return context


class _PersonPicker(forms.ModelChoiceField):
    url_name = ""

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("widget", PersonPickerWidget(url_name=self.url_name, describe=self.describe))
        super().__init__(queryset=queryset, **kwargs)

    @staticmethod
    def describe(person):
        raise NotImplementedError

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self._queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class RecipientPicker(_PersonPicker):
    """A recipient of the worker's area, found by name, pinyin, address or the last digits of a number."""

    url_name = "people:pick_recipients"
    default_error_messages = {"invalid_choice": _("Search for the person and choose one of those found.")}

    @staticmethod
    def describe(person):
        return recipient_choice(person)


class VolunteerPicker(_PersonPicker):
    """A volunteer the user may see, found by name, pinyin, the last digits of the phone or volunteer number."""

    url_name = "people:pick_volunteers"
    default_error_messages = {"invalid_choice": _("Search for the volunteer and choose one of those found.")}

    @staticmethod
    def describe(person):
        return volunteer_choice(person)
