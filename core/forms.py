import datetime
import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class StyledMixin:
    """Gives every widget its Bootstrap class, so templates render fields without per-field markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        for name, field in self.fields.items():
            keypad(name, field.widget)


PHONE_FIELD = re.compile(r"(^|_)(phone|mobile|telephone)$")
ID_NUMBER_FIELD = re.compile(r"(^|_)id_number$")


def keypad(name: str, widget: forms.Widget) -> None:
    """A phone number field brings up the phone's numeric keypad; an ID number field capitalises the X of a
    resident ID (a numeric keypad has no X, so it stays a text field)."""
    if type(widget) is not forms.TextInput:
        return
    if PHONE_FIELD.search(name):
        widget.input_type = "tel"
        widget.attrs.setdefault("inputmode", "tel")
        widget.attrs.setdefault("autocomplete", "tel")
    elif ID_NUMBER_FIELD.search(name):
        widget.attrs.setdefault("autocapitalize", "characters")
        widget.attrs.setdefault("autocomplete", "off")
        widget.attrs.setdefault("spellcheck", "false")


class StyledForm(StyledMixin, forms.Form):
    pass


# --- Names ---------------------------------------------------------------------------------------------------

# Format characters a name keeps: the Mongolian vowel separator shapes words of Mongolian script.
KEPT_FORMAT_CHARACTERS = {"\u180e"}


def normalise_name(value: str) -> str:
    """A name as people read it: compatibility forms folded (NFKC: full-width letters, the ideographic space),
    invisible format characters removed (zero-width spaces and joiners, direction marks and overrides, the
    byte-order mark: Unicode category Cf) and control characters too, and every run of spaces, tabs and line
    breaks made one space. So "张\u202e三" and "李\u200b四" are 张三 and 李四, and two names that look alike
    are alike."""
    kept = []
    for char in unicodedata.normalize("NFKC", value or ""):
        category = unicodedata.category(char)
        if (category == "Cf" and char not in KEPT_FORMAT_CHARACTERS) or (category == "Cc" and not char.isspace()):
            continue
        kept.append(char)
    return " ".join("".join(kept).split())


class NameField(forms.CharField):
    """Every field that holds a name (of a person, a team, an organisation, a party, a project) is one of these,
    so a name is normalised once, before its length is checked."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_name(value) if value not in self.empty_values else value


# --- Dates --------------------------------------------------------------------------------------------------

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
ONE_YEAR = datetime.timedelta(days=366)
FIVE_YEARS = datetime.timedelta(days=5 * 366)
TODAY = datetime.timedelta(0)


@dataclass(frozen=True)
class DateBounds:
    """Where a date typed by a user may lie: from `earliest`, or from `back` before today (the later of the two),
    to `ahead` after today. Today is read when the date is checked. A validator for date and date-time fields
    (`validators=[PLANNED]`), and `problem()` for services."""

    earliest: datetime.date | None = None
    back: datetime.timedelta | None = None
    ahead: datetime.timedelta | None = None

    def first_and_last(self) -> tuple[datetime.date | None, datetime.date | None]:
        today = timezone.localdate()
        firsts = [day for day in (self.earliest, today - self.back if self.back is not None else None) if day]
        return max(firsts, default=None), today + self.ahead if self.ahead is not None else None

    def problem(self, value) -> str | None:
        """What is wrong with the date, in the user's language; None for a date within the bounds or none."""
        if value is None:
            return None
        day = value
        if isinstance(value, datetime.datetime):
            day = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        first, last = self.first_and_last()
        if first is not None and day < first:
            return _("The date cannot be before %(date)s.") % {"date": date_format(first)}
        if last is not None and day > last:
            return _("The date cannot be after %(date)s.") % {"date": date_format(last)}
        return None

    def __call__(self, value):
        message = self.problem(value)
        if message:
            raise forms.ValidationError(message, code="date_out_of_range")


BIRTH_DATE = DateBounds(earliest=EARLIEST_BIRTH_DATE, ahead=TODAY)
HAPPENED = DateBounds(earliest=EARLIEST_BIRTH_DATE, ahead=TODAY)  # awards and evaluations on the record
RECENT = DateBounds(back=ONE_YEAR, ahead=TODAY)  # what was just done: a home visit, a mediation session
PLANNED = DateBounds(back=ONE_YEAR, ahead=ONE_YEAR)  # activities, training, group sessions, tasks
UPCOMING = DateBounds(back=TODAY, ahead=ONE_YEAR)  # deadlines and follow-up visits
WANTED = DateBounds(ahead=ONE_YEAR)  # when a need is wanted: a past day is only late; at most a year ahead
CONTRACT = DateBounds(back=FIVE_YEARS, ahead=FIVE_YEARS)  # projects and the validity of resources


def date_field(label, bounds: DateBounds, **kwargs) -> forms.DateField:
    """A date typed in the browser's date picker, within `bounds`."""
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), validators=[bounds], **kwargs)


def bound_dates(form, **bounds: DateBounds):
    """For a model form: the named date fields within their bounds."""
    for name, field_bounds in bounds.items():
        if name in form.fields:
            form.fields[name].validators.append(field_bounds)


# --- Lengths --------------------------------------------------------------------------------------------------


def bound_lengths(form, **limits: int):
    """For a model form over text columns without a length: the named fields hold at most so many characters,
    said by the page and checked."""
    for name, limit in limits.items():
        field = form.fields[name]
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)


def errors_as_messages(request, form):
    """A form posted from another page reports its errors as messages on that page."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def submit_step(request, obj, form, call, refused: type[Exception]):
    """A step posted from an object's page: validate the form (if the step has one), call the service with its
    data, say how it went, and go back to the page. `refused` is the service's error for a step the object's
    state or the user's role does not allow; its message is shown as it is."""
    if form is not None and not form.is_valid():
        errors_as_messages(request, form)
        return redirect(obj)
    try:
        call(form.cleaned_data if form is not None else {})
    except refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect(obj)


def post_data(request):
    """The submitted data, or None for a GET. (`request.POST or None` would treat an empty submission as no
    submission and show no errors.)"""
    return request.POST if request.method == "POST" else None


class MultipleCheckbox(forms.ModelMultipleChoiceField):
    """Checkboxes for a many-to-many choice, labelled by the objects' `label`."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label
