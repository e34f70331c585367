"""The page that changes a need's details until it is answered (needs.editing)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import get_for_user, scoped
from core.forms import post_data
from needs import editing
from needs.forms import NeedEditForm
from needs.models import Need
from needs.services import NeedError


@scoped("need")
def need_edit(request, pk):
    need = get_for_user(Need.objects.all(), request.user, pk, change=True)
    if not editing.need_editable(need):
        messages.error(
            request,
            _("This need can no longer be edited: it has been answered (%(status)s).")
            % {"status": need.get_status_display()},
        )
        return redirect(need)
    form = NeedEditForm(post_data(request), initial=NeedEditForm.initial_for(need))
    if request.method == "POST" and form.is_valid():
        try:
            editing.need_update(need=need, by=request.user, data=form.cleaned_data)
        except NeedError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The need has been saved."))
            return redirect(need)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("Edit need #%(n)s") % {"n": need.pk}, "cancel": need.get_absolute_url()},
    )
