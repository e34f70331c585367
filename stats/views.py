"""The dashboards: one page per region of any level, within the user's areas (another area answers 404)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from core.access import scope_of, scoped
from core.periods import KINDS, period_from
from regions.models import Level
from regions.selectors import regions_in_scope
from stats import presentation as show
from stats.reports import report_document
from stats.rollup import catch_up
from stats.rooms import catch_up_rooms, space_sections
from stats.selectors import dashboard_figures, region_and_children


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


def _region_read(user, code):
    """A region of the user's areas whose figures they read (region admins and social workers), with the regions
    below it; else 404."""
    scope = scope_of(user)
    region, children = region_and_children(regions_in_scope(user), code) if code else (None, [])
    if region is None or not (scope.everything or scope.staff_paths):
        raise Http404
    return region, children


@scoped("stats_fact")
def dashboard(request, code):
    region, below = _region_read(request.user, code)
    catch_up(wait=False)
    catch_up_rooms(wait=False)
    today = timezone.localdate()
    kind, period, notices = period_from(request.GET, today)
    for notice in notices:
        messages.warning(request, notice)
    figures, children = dashboard_figures(region, period, today, below)
    query = urlencode({key: request.GET[key] for key in ("period", "at", "from", "to") if key in request.GET})
    sections = [
        *show.volunteer_sections(region, figures, today),
        show.hours_section(figures, period),
        *show.need_sections(region, figures, period),
        show.crisis_section(region, figures, period),
        show.crisis_case_section(figures),
        show.overdue_section(region, figures),
        show.satisfaction_section(figures),
        show.projects_section(request.user, region, period),
        *space_sections(region, period),  # stats/rooms.py: the space-sharing figure (venues)
    ]
    top = _top_region(request.user)
    context = {
        "region": region,
        "above": [r for r in region.ancestors() if top is None or r.depth >= top.depth],
        "period_kind": kind,
        "period": period,
        "period_kinds": KINDS,
        "at": request.GET["at"]
        if "at" in request.GET and kind != "custom" and not notices
        else today.strftime("%Y-%m"),
        "headline": show.headline(region, figures, period),
        "sections": sections,
        "charts": {section["key"]: section["chart"] for section in sections},
        "children": show.child_rows(children, query),
        "query": query,
        "report_query": _report_query(region, kind, period),
    }
    return render(request, "stats/dashboard.html", context)


def _report_query(region, kind, period) -> str:
    """The report of the period shown: the month, quarter or year by its first month, a custom span by both."""
    query = {"region": region.code, "period": kind, "at": period.first.strftime("%Y-%m")}
    if kind == "custom":
        query.update({"from": period.first.strftime("%Y-%m"), "to": period.last.strftime("%Y-%m")})
    return urlencode(query)


REPORT_LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP)


@scoped("stats_fact")
def reports(request):
    """Choose a region of one's areas and a month, quarter or year; the report downloads as .xlsx or PDF."""
    top = _top_region(request.user)
    if top is None:
        raise Http404
    _region_read(request.user, top.code)
    regions = regions_in_scope(request.user).filter(level__in=REPORT_LEVELS).order_by("path")
    page = Paginator(regions, REGIONS_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "stats/reports.html",
        {"regions": page, "top": top, "at": today.strftime("%Y-%m"), "kinds": REPORT_KINDS},
    )


REGIONS_PER_PAGE = 500


REPORT_KINDS = ("month", "quarter", "year")


@scoped("stats_fact")
def report_download(request):
    region, _below = _region_read(request.user, request.GET.get("region"))
    fmt = request.GET.get("format")
    if fmt not in ("xlsx", "pdf") or request.GET.get("period") not in KINDS:
        raise Http404
    today = timezone.localdate()
    _kind, period, notices = period_from(request.GET, today)
    if notices:  # a file cannot say why its period is not the one asked: back to the form, which does
        for notice in notices:
            messages.error(request, notice)
        return redirect("stats:reports")
    catch_up(wait=False)
    return report_document(region, period, today, fmt)
