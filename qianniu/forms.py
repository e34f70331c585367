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
