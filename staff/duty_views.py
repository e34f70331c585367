"""The duty roster of an area (who is on duty when a crisis is flagged), for its supervisors and region admins;
404 for anyone else."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scope_of, scoped
from core.forms import post_data
from core.paging import keyset_page
from staff import selectors, services
from staff.forms import DutyShiftForm
from staff.models import DutyShift


def _roster_keepers_only(request):
    scope = scope_of(request.user)
    if not (scope.everything or scope.supervisor_paths or scope.admin_paths):
        raise Http404


@scoped("duty_shift")
def duty_roster(request):
    _roster_keepers_only(request)
    form = DutyShiftForm(post_data(request), by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_shift_add(by=request.user, **form.cleaned_data)
        except services.StaffError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The shift is on the roster."))
            return redirect("staff:duty")
    page = keyset_page(selectors.duty_roster(request.user), request, order="starts_at")
    return render(request, "staff/duty_roster.html", {"form": form, "page": page})


@scoped("duty_shift")
@require_POST
def duty_shift_remove(request, pk):
    _roster_keepers_only(request)
    shift = get_for_user(DutyShift.objects, request.user, pk, change=True)
    try:
        services.duty_shift_remove(shift=shift, by=request.user)
    except services.StaffError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The shift is off the roster."))
    return redirect("staff:duty")
