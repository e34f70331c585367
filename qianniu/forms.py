import unicodedata

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
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
