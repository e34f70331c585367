"""The departments' side: their inbox of dispatched needs, answers, and the coordination page."""

import statistics

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import get_for_user, scope_of, scoped
from core.export import export_format, export_response
from core.paging import keyset_page
from dispatch import services
from dispatch.contact import may_reveal_contact
from dispatch.exports import DISPATCH_COLUMNS
from dispatch.filters import DispatchFilter
from dispatch.forms import DispatchForm
from dispatch.models import OPEN_DISPATCH, Dispatch, DispatchStatus
from dispatch.selectors import has_liaison
from needs.models import Need
from needs.services import NeedError
from needs.views import answer_submit
from orgs.models import Kind, Organisation


@scoped("dispatch")
def dispatch_list(request):
    dispatches = Dispatch.objects.visible_to(request.user).select_related(
        "need__region", "need__service_field", "department"
    )
    filters = DispatchFilter(
        request.GET, dispatches, request=request
    )  # ?show=overdue: the home page's short list links here
    show = filters.data["show"]
    if export_format(request):
        return export_response(request, filters.qs.order_by("deadline", "pk"), DISPATCH_COLUMNS, _("Dispatched needs"))
    page = keyset_page(filters.qs, request, order="deadline")
    return render(request, "dispatch/dispatch_list.html", {"page": page, "show": show, "now": timezone.now()})


@scoped("dispatch")
def dispatch_detail(request, pk):
    dispatch = get_for_user(
        Dispatch.objects.select_related(
            "need__region", "need__service_field", "need__recipient__region", "department", "sent_by"
        ),
        request.user,
        pk,
    )
    is_department = dispatch.department_id in scope_of(request.user).liaison_org_ids
    context = {
        "dispatch": dispatch,
        "is_department": is_department,
        "may_reveal": may_reveal_contact(request.user, dispatch),
        "no_liaison": not has_liaison(dispatch.department),
    }
    return render(request, "dispatch/dispatch_detail.html", context)


@require_POST
@scoped("dispatch")
def dispatch_answer(request, pk, answer):
    dispatch = get_for_user(Dispatch.objects.all(), request.user, pk, change=True)
    if (
        answer not in {"accept", "return", "complete"}
        or dispatch.department_id not in scope_of(request.user).liaison_org_ids
    ):
        raise Http404
    text = request.POST.get("text", "")
    try:
        if answer == "accept":
            services.dispatch_accept(dispatch=dispatch, by=request.user)
        elif answer == "return":
            services.dispatch_return(dispatch=dispatch, by=request.user, reason=text)
        else:
            services.dispatch_complete(dispatch=dispatch, by=request.user, result=text)
    except NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your answer has been recorded."))
    return redirect("dispatch:detail", pk=dispatch.pk)


@require_POST
@scoped("dispatch")
def dispatch_withdraw(request, pk):
    """The social worker who may change the need takes the dispatch back."""
    dispatch = get_for_user(Dispatch.objects.all(), request.user, pk)
    if not Need.objects.changeable_by(request.user).filter(pk=dispatch.need_id).exists():
        raise Http404
    try:
        services.dispatch_withdraw(dispatch=dispatch, by=request.user, reason=request.POST.get("reason", ""))
    except NeedError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dispatch has been withdrawn."))
    return redirect("needs:detail", pk=dispatch.need_id)


@scoped("dispatch")
def coordination(request):
    """Per department: open, overdue and completed items, and the median time to complete."""
    scope = scope_of(request.user)
    if not (scope.everything or scope.staff_paths):
        raise Http404
    now = timezone.now()
    dispatches = Dispatch.objects.visible_to(request.user)
    rows = []
    counts = dispatches.values("department").annotate(
        open=Count("pk", filter=Q(status__in=OPEN_DISPATCH)),
        overdue=Count("pk", filter=Q(status__in=OPEN_DISPATCH, deadline__lt=now)),
        completed=Count("pk", filter=Q(status=DispatchStatus.COMPLETED)),
        returned=Count("pk", filter=Q(status=DispatchStatus.RETURNED)),
    )
    departments = {
        d.pk: d for d in Organisation.objects.filter(kind=Kind.DEPARTMENT, pk__in=[c["department"] for c in counts])
    }
    durations: dict[int, list[float]] = {}
    for department_id, sent, completed in dispatches.filter(status=DispatchStatus.COMPLETED).values_list(
        "department", "sent_at", "completed_at"
    ):
        durations.setdefault(department_id, []).append((completed - sent).total_seconds() / 3600)
    for row in counts:
        hours = durations.get(row["department"])
        rows.append(
            {
                **row,
                "department": departments[row["department"]],
                "median_hours": statistics.median(hours) if hours else None,
            }
        )
    rows.sort(key=lambda r: (-r["overdue"], -r["open"], r["department"].name))
    return render(request, "dispatch/coordination.html", {"rows": rows})


def need_departments(need):
    """The departments a need may be dispatched to: those of its region and the regions above it."""
    return Organisation.objects.filter(kind=Kind.DEPARTMENT, active=True, region__in=need.region.ancestors())


@require_POST
@scoped("need")
def need_dispatch_create(request, pk):
    """Dispatch a need to a department, from the need's page (needs:dispatch). The sender is warned when the
    department has no liaison to receive it."""

    def send(need, d):
        dispatch = services.need_dispatch(
            need=need,
            by=request.user,
            department=d["department"],
            deadline=d["deadline"],
            instructions=d["instructions"],
        )
        if not has_liaison(dispatch.department):
            messages.warning(request, NO_LIAISON % {"department": dispatch.department})
        return dispatch

    return answer_submit(request, pk, lambda data, need: DispatchForm(data, departments=need_departments(need)), send)


NO_LIAISON = gettext_lazy(
    "%(department)s has no liaison yet: nobody there will see this dispatch. Ask the region admin to add one "
    "(Staff), or contact the department yourself."
)
