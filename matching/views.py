"""Pages of matching: start a run, follow its progress, review and decide its proposals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, scoped
from core.export import export_format, export_response
from core.forms import post_data
from core.paging import keyset_page
from matching import services
from matching.explain import Explainer
from matching.exports import RUN_COLUMNS
from matching.filters import ProposalFilter
from matching.forms import ChangeForm, RunForm
from matching.models import MatchRun, ProposalKind, ProposalStatus, RunStatus
from people.models import Volunteer
from regions.selectors import regions_in_scope

PAGE_SIZE = 50


@scoped("match_run")
def run_list(request):
    regions = regions_in_scope(request.user)
    if not regions.exists():
        raise Http404
    form = RunForm(post_data(request), regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(by=request.user, **form.cleaned_data)
        except services.MatchingError as error:
            form.add_error(None, str(error))
        else:
            return redirect(run)
    visible = MatchRun.objects.visible_to(request.user)
    # A county's part of a city or province run is listed under its parent, when the user sees the parent.
    runs = visible.exclude(parent__in=visible).select_related("region", "created_by")
    if export_format(request):
        return export_response(request, runs.order_by("-pk"), RUN_COLUMNS, _("Matching"))
    return render(request, "matching/run_list.html", {"form": form, "page": keyset_page(runs, request)})


def _run(request, pk, *, change=False) -> MatchRun:
    runs = MatchRun.objects.select_related("region", "created_by", "parent__region")
    return get_for_user(runs, request.user, pk, change=change)


def _counties(request, run: MatchRun):
    """The county runs of a city or province run, with their progress; None for a run of one county or less."""
    children = MatchRun.objects.visible_to(request.user).filter(parent=run).select_related("region")
    return list(children.order_by("region__path")) or None


@scoped("match_run")
def run_detail(request, pk):
    run = _run(request, pk)
    counties = _counties(request, run)
    if counties is not None:
        return render(request, "matching/run_parent.html", {"run": run, "counties": counties})
    proposals = run.proposals.select_related(
        "need__recipient", "need__service_field", "need__region", "volunteer__user", "task", "decided_by"
    )
    proposals = proposals.select_related("resource", "service_item__project")
    filters = ProposalFilter(request.GET, proposals)
    show = filters.show
    proposals = filters.qs.prefetch_related("need__required_skills").order_by("on", "need_id", "pk")
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    explainer = Explainer()
    names = _names(page, request.user)
    rows = [{"proposal": p, "why": explainer.describe(p), "change": _change_form(p, names)} for p in page]
    counts = dict(
        run.proposals.exclude(kind=ProposalKind.NONE).values_list("status").annotate(n=Count("pk")).order_by()
    )
    context = {
        "run": run,
        "page": page,
        "rows": rows,
        "show": show,
        "counts": counts,
        "can_decide": can_change(request.user, run),
    }
    return render(request, "matching/run_detail.html", context)


def _names(proposals, user) -> dict[int, str]:
    """The names of every other candidate on the page that the user may see, in one query."""
    ids = {vid for p in proposals for vid, _km in p.explanation.get("alternatives") or []}
    return dict(Volunteer.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "user__name"))


def _change_form(proposal, names: dict[int, str], data=None):
    alternatives = proposal.explanation.get("alternatives") or []
    if proposal.kind != ProposalKind.VOLUNTEER or proposal.status != ProposalStatus.PROPOSED:
        return None
    choices = [
        (vid, _("%(name)s · %(km)s km") % {"name": names[vid], "km": km}) for vid, km in alternatives if vid in names
    ]
    return ChangeForm(data, choices=choices, prefix=f"p{proposal.pk}") if choices else None


@scoped("match_run")
def run_progress(request, pk):
    """The progress bar, refreshed by the page while the run works; once it has finished, htmx reloads the page."""
    run = _run(request, pk)
    response = render(request, "matching/partials/progress.html", {"run": run, "counties": _counties(request, run)})
    if run.finished and run.status != RunStatus.FAILED:
        response["HX-Refresh"] = "true"
    return response


def _chosen(request, run):
    proposals = run.proposals.filter(status=ProposalStatus.PROPOSED).exclude(kind=ProposalKind.NONE)
    if request.POST.get("all") != "1":
        ids = [int(i) for i in request.POST.getlist("proposal") if i.isdigit()]
        proposals = proposals.filter(pk__in=ids)
    return list(proposals.select_related("need__region", "volunteer__user", "resource", "service_item"))


@require_POST
@scoped("match_run")
def run_accept(request, pk):
    run = _run(request, pk, change=True)
    chosen = _chosen(request, run)
    if not chosen:
        messages.warning(request, _("Tick the proposals to accept, or accept all."))
        return redirect(run)
    accepted, problems = services.proposals_accept(proposals=chosen, by=request.user)
    messages.success(
        request,
        _("%(n)s accepted. The volunteers find their tasks in their task list and accept or decline them.")
        % {"n": accepted},
    )
    for problem in problems[:10]:
        messages.error(request, problem)
    if len(problems) > 10:
        messages.error(request, _("And %(n)s more not accepted.") % {"n": len(problems) - 10})
    return redirect(run)


@require_POST
@scoped("match_run")
def run_reject(request, pk):
    run = _run(request, pk, change=True)
    rejected = services.proposals_reject(proposals=_chosen(request, run), by=request.user)
    messages.success(request, _("%(n)s rejected. Their needs come back in the next run.") % {"n": rejected})
    return redirect(run)


@require_POST
@scoped("match_run")
def proposal_change(request, pk, proposal):
    run = _run(request, pk, change=True)
    try:
        chosen = run.proposals.get(pk=proposal)
    except run.proposals.model.DoesNotExist:
        raise Http404 from None
    form = _change_form(chosen, _names([chosen], request.user), request.POST)
    if form is None:
        messages.error(request, _("Only an undecided volunteer proposal can be changed."))
        return redirect(run)
    if form.is_valid():
        try:
            services.proposal_change(proposal=chosen, volunteer_id=form.cleaned_data["volunteer"], by=request.user)
            messages.success(request, _("The proposal now names another volunteer."))
        except services.MatchingError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Choose one of the other candidates the run found for this need."))
    return redirect(run)
