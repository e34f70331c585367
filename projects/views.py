import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, public, scoped
from core.documents import pdf_response, xlsx_response
from core.export import export_format, export_response
from core.forms import errors_as_messages, post_data
from core.paging import keyset_page
from needs.services import need_match_service_item
from needs.views import answer_submit
from orgs.models import Kind, Organisation
from people.models import Role, User
from projects import services
from projects.evaluation import evaluation_document
from projects.exports import PROJECT_COLUMNS
from projects.forms import NeedServiceItemForm, ProjectBookingForm, ProjectForm, ServiceItemForm, TargetForm
from projects.models import Project, ServiceItem
from regions.models import Level, Region
from regions.selectors import regions_around, regions_in_scope
from resources.models import Resource
from venues.forms import room_choices
from venues.models import Booking, BookingKind
from venues.views.common import book_from_form


def _filtered(request, projects):
    """The dashboards' link to all projects of a region running in a period: `region` (a region of the user's
    areas, else 404), `running_from` and `running_to` (YYYY-MM-DD; a malformed date is ignored)."""
    region = request.GET.get("region")
    if region:
        area = regions_in_scope(request.user).filter(pk=region).first() if region.isdigit() else None
        if area is None:
            raise Http404
        projects = projects.filter(region__path__startswith=area.path)
    for param, lookup in (("running_from", "ends_on__gte"), ("running_to", "starts_on__lte")):
        day = _day(request.GET.get(param, ""))
        if day:
            projects = projects.filter(**{lookup: day})
    return projects


def _day(text: str):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@scoped("project")
def project_list(request):
    projects = _filtered(request, Project.objects.visible_to(request.user).select_related("owner", "lead", "region"))
    if export_format(request):
        return export_response(request, projects.order_by("-pk"), PROJECT_COLUMNS, _("Projects"))
    return render(
        request,
        "projects/project_list.html",
        {"page": keyset_page(projects, request), "can_create": regions_in_scope(request.user).exists()},
    )


@scoped("project")
def project_detail(request, pk):
    project = get_for_user(Project.objects.select_related("owner", "lead", "region"), request.user, pk)
    targets = [(target, services.target_progress(target)) for target in project.targets.select_related("service_item")]
    changeable = can_change(request.user, project)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "targets": targets,
            "items": project.service_items.select_related("service_field"),
            "can_change": changeable,
            "item_form": ServiceItemForm() if changeable else None,
            "target_form": TargetForm(project=project) if changeable else None,
        },
    )


@scoped("project")
def project_evaluation(request, pk):
    """The performance evaluation (绩效评估): a page, or `?format=xlsx` / `?format=pdf` for the assessor."""
    project = get_for_user(Project.objects.select_related("owner", "region"), request.user, pk)
    title, lines, tables = evaluation_document(project, request.user)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return xlsx_response(title, lines, tables)
    if fmt == "pdf":
        return pdf_response(title, lines, tables)
    return render(
        request, "projects/evaluation.html", {"project": project, "title": title, "lines": lines, "tables": tables}
    )


@scoped("project")
def project_edit(request, pk=None):
    regions = regions_in_scope(request.user)
    if not regions.exists():
        raise Http404
    project = get_for_user(Project.objects.all(), request.user, pk, change=True) if pk else None
    form = ProjectForm(
        post_data(request),
        instance=project,
        regions=regions,
        owners=Organisation.objects.filter(
            kind__in=[Kind.AGENCY, Kind.TEAM, Kind.PARTY_COMMITTEE], region__in=regions_around(request.user)
        ),
        leads=User.objects.filter(
            grants__role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR], grants__region__in=regions
        ).distinct(),
        teams=Organisation.objects.visible_to(request.user).filter(kind=Kind.TEAM),
        resources=Resource.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        services.project_save(
            project=saved,
            by=request.user,
            target_groups=form.cleaned_data["target_groups"],
            teams=form.cleaned_data["teams"],
            resources=form.cleaned_data["resources"],
        )
        messages.success(request, _("The project has been saved."))
        return redirect(saved)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": project or _("New project"),
            "cancel": project.get_absolute_url() if project else "/projects/",
        },
    )


@scoped("project")
def project_book(request, pk):
    """Book a room for the project (once or weekly), and its bookings so far; for those who change the project."""
    project = get_for_user(Project.objects.all(), request.user, pk, change=True)
    initial = {"title": project.name, "expected": 10}
    for name in ("room", "day", "starts", "ends", "title", "expected"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = ProjectBookingForm(post_data(request), initial=initial, rooms=room_choices(request.user))
    suggestions = []
    if request.method == "POST" and form.is_valid():
        done, suggestions = book_from_form(
            request, form, form.cleaned_data["room"], kind=BookingKind.PROJECT, project=project
        )
        if done is not None:
            return done
    bookings = Booking.objects.visible_to(request.user).filter(project=project).select_related("room__venue")
    context = {
        "project": project,
        "form": form,
        "page": keyset_page(bookings, request, order="-starts_at"),
        "suggestions": [(timezone.localtime(s), timezone.localtime(e)) for s, e in suggestions],
        "kept": urlencode({name: form.data.get(name, "") for name in ("room", "title", "expected")}),
    }
    return render(request, "projects/project_book.html", context)


@require_POST
@scoped("project")
def project_add(request, pk, what):
    project = get_for_user(Project.objects.all(), request.user, pk, change=True)
    if what == "item":
        form = ServiceItemForm(request.POST)
    elif what == "target":
        form = TargetForm(request.POST, project=project)
    else:
        raise Http404
    if form.is_valid():
        services.project_add_part(project=project, part=form.save(commit=False))
        messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect(project)


@public
def published_lists(request, code):
    """A community's resource list and service list for residents: what they can ask for, with no personal data."""
    community = get_object_or_404(Region, code=code, level__in=[Level.COMMUNITY, Level.TOWNSHIP, Level.COUNTY])
    covering = community.ancestors()
    today = timezone.localdate()
    resources = (
        Resource.objects.filter(public=True, area__in=covering)
        .valid_on(today)
        .select_related("provider", "service_field")
    )
    items = (
        Project.objects.filter(region__in=covering, starts_on__lte=today, ends_on__gte=today)
        .prefetch_related("service_items__service_field")
        .select_related("owner")
    )
    return render(
        request,
        "projects/published.html",
        {
            "community": community,
            "resources": keyset_page(resources, request, prefix="resources_"),
            "projects": keyset_page(items, request, prefix="projects_"),
            "today": today,
        },
    )


def need_service_items(need):
    """The services of running projects whose region covers the need's place."""
    return ServiceItem.objects.filter(
        project__region__in=need.region.ancestors(), project__ends_on__gte=timezone.localdate()
    ).select_related("project")


@require_POST
@scoped("need")
def need_service_item_link(request, pk):
    """Match a need to a project service, from the need's page (needs:service_item)."""
    return answer_submit(
        request,
        pk,
        lambda data, need: NeedServiceItemForm(data, items=need_service_items(need)),
        lambda need, d: need_match_service_item(need=need, by=request.user, item=d["item"]),
    )
