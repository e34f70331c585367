"""Pages of mediation: the disputes of an area, one dispute with its loop, one URL per step."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, may_decide, scoped
from core.export import export_format, export_response
from core.forms import post_data, submit_step
from core.paging import keyset_page
from mediation import services
from mediation.exports import DISPUTE_COLUMNS
from mediation.forms import AssignForm, ConcludeForm, DisputeForm, EvaluateForm, SessionForm
from mediation.models import MEDIATION_QUALIFICATION, Dispute
from people.models import Volunteer
from regions.selectors import regions_in_scope


@scoped("dispute")
def dispute_list(request):
    regions = regions_in_scope(request.user)
    form = DisputeForm(post_data(request), regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispute = services.dispute_record(
                kind=data["kind"],
                region=data["region"],
                description=data["description"],
                reported_by=data["reported_by"],
                parties=[(data["party_1"], data["side_1"]), (data["party_2"], data["side_2"])],
                by=request.user,
            )
        except services.MediationError as error:
            form.add_error(None, str(error))
        else:
            return redirect(dispute)
    disputes = Dispute.objects.visible_to(request.user).select_related("region", "mediator__user")
    if export_format(request):
        return export_response(request, disputes.order_by("-pk"), DISPUTE_COLUMNS, _("Mediation"))
    return render(
        request,
        "mediation/dispute_list.html",
        {"page": keyset_page(disputes, request), "form": form if regions else None},
    )


def _forms(request, data=None):
    mediators = (
        Volunteer.objects.visible_to(request.user)
        .filter(qualifications__qualification__name=MEDIATION_QUALIFICATION)
        .select_related("user")
        .distinct()
    )
    return {
        "assign": AssignForm(data, volunteers=mediators),
        "session": SessionForm(data),
        "conclude": ConcludeForm(data),
        "evaluate": EvaluateForm(data),
    }


@scoped("dispute")
def dispute_detail(request, pk):
    dispute = get_for_user(Dispute.objects.select_related("region", "mediator__user"), request.user, pk)
    context = {
        "dispute": dispute,
        "parties": dispute.parties.all(),
        "sessions": dispute.sessions.select_related("by"),
        "events": dispute.events.select_related("by"),
        "forms": _forms(request) if can_change(request.user, dispute) else None,
        "evaluates": may_decide(request.user, dispute),
    }
    return render(request, "mediation/dispute_detail.html", context)


STEPS = {
    "assign": lambda d, by, data: services.dispute_assign(dispute=d, by=by, **data),
    "session": lambda d, by, data: services.session_record(dispute=d, by=by, **data),
    "conclude": lambda d, by, data: services.dispute_conclude(dispute=d, by=by, **data),
    "evaluate": lambda d, by, data: services.dispute_evaluate(dispute=d, by=by, **data),
}


@require_POST
@scoped("dispute")
def dispute_step(request, pk, step):
    dispute = get_for_user(Dispute.objects.all(), request.user, pk, change=True)
    if step not in STEPS:
        raise Http404
    form = _forms(request, request.POST)[step]
    return submit_step(
        request, dispute, form, lambda data: STEPS[step](dispute, request.user, data), services.MediationError
    )
