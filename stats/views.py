"""The dashboards: one page per region of any level, within the user's areas (another area answers 404)."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from core.access import scope_of, scoped
from regions.selectors import regions_in_scope
from stats import presentation as show
from stats.periods import KINDS, period_from
from stats.rollup import catch_up
from stats.selectors import dashboard_figures


def _top_region(user):
    regions = regions_in_scope(user).order_by("depth", "code")
    return regions.first()


@scoped("stats_fact")
def dashboard_home(request):
    """The dashboard of the user's own area."""
    region = _top_region(request.user)
    if region is None:
        raise Http404
    return redirect("stats:dashboard", code=region.code)


@scoped("stats_fact")
def dashboard(request, code):
    scope = scope_of(request.user)
    region = regions_in_scope(request.user).filter(code=code).first()
    if region is None or not (scope.everything or scope.staff_paths):
        raise Http404
    catch_up(wait=False)
    today = timezone.localdate()
    kind, period = period_from(request.GET, today)
    figures, children = dashboard_figures(region, period, today)
    query = urlencode({key: request.GET[key] for key in ("period", "at", "from", "to") if key in request.GET})
    sections = [
        *show.volunteer_sections(region, figures, today),
        show.hours_section(figures, period),
        *show.need_sections(region, figures),
        show.crisis_section(region, figures),
        show.overdue_section(region, figures),
        show.satisfaction_section(figures),
    ]
    top = _top_region(request.user)
    context = {
        "region": region,
        "above": [r for r in region.ancestors() if top is None or r.depth >= top.depth],
        "period_kind": kind,
        "period": period,
        "period_kinds": KINDS,
        "at": request.GET.get("at", today.strftime("%Y-%m")),
        "headline": show.headline(region, figures),
        "sections": sections,
        "charts": {section["key"]: section["chart"] for section in sections},
        "children": show.child_rows(children, query),
        "query": query,
    }
    return render(request, "stats/dashboard.html", context)
