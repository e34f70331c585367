"""The catalogue of qualifications that trainings grant, kept by the region admins."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import scope_of, scoped
from core.forms import NameField, StyledMixin, post_data
from ledger.models import Qualification


class QualificationForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["name", "valid_months"]
        field_classes = {"name": NameField}


def _admins_only(request):
    scope = scope_of(request.user)
    if not (scope.everything or scope.admin_paths):
        raise Http404


@scoped("training")
def qualification_list(request):
    """The catalogue, and a new entry (region admins only)."""
    _admins_only(request)
    form = QualificationForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("ledger:qualification_list")
    qualifications = Qualification.objects.order_by("name")
    return render(request, "ledger/qualification_list.html", {"form": form, "qualifications": qualifications})


@scoped("training")
def qualification_edit(request, pk):
    _admins_only(request)
    qualification = get_object_or_404(Qualification, pk=pk)
    form = QualificationForm(post_data(request), instance=qualification)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("ledger:qualification_list")
    context = {"form": form, "title": qualification.name, "cancel": reverse("ledger:qualification_list")}
    return render(request, "core/form_page.html", context)
