from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_for_user, scope_of, scoped
from core.export import export_format, export_response
from core.forms import post_data
from core.paging import keyset_page
from needs.views import answer_submit
from orgs.models import Kind, Organisation
from regions.models import Region
from regions.selectors import regions_around, regions_in_scope
from resources import services
from resources.compat import kinds_for_need
from resources.exports import RESOURCE_COLUMNS
from resources.forms import ResourceForm, ResourceUseForm
from resources.models import Resource, remaining_of


@scoped("resource")
def resource_list(request):
    resources = Resource.objects.visible_to(request.user).select_related("provider", "area", "service_field")
    if export_format(request):
        return export_response(request, resources.order_by("name", "pk"), RESOURCE_COLUMNS, _("Resources list"))
    today = timezone.localdate()
    page = keyset_page(resources, request, order="name")
    remaining = remaining_of(page.items, today)
    rows = [(resource, remaining[resource.pk]) for resource in page.items]
    can_create = bool(
        scope_of(request.user).staff_paths
        or scope_of(request.user).liaison_org_ids
        or scope_of(request.user).everything
    )
    return render(
        request, "resources/resource_list.html", {"rows": rows, "page": page, "can_create": can_create, "today": today}
    )


@scoped("resource")
def resource_detail(request, pk):
    resource = get_for_user(Resource.objects.select_related("provider", "area"), request.user, pk)
    uses = keyset_page(resource.uses.select_related("need", "recorded_by"), request, order="-used_on")
    return render(
        request,
        "resources/resource_detail.html",
        {"resource": resource, "page": uses, "remaining": resource.remaining()},
    )


@scoped("resource")
def resource_edit(request, pk=None):
    scope = scope_of(request.user)
    resource = get_for_user(Resource.objects.all(), request.user, pk, change=True) if pk else None
    if scope.everything:
        providers, regions = Organisation.objects.filter(kind__in=[Kind.UNIT, Kind.DEPARTMENT]), Region.objects.all()
    elif scope.staff_paths:
        regions = regions_in_scope(request.user)
        providers = Organisation.objects.filter(
            kind__in=[Kind.UNIT, Kind.DEPARTMENT], region__in=regions_around(request.user)
        )
    elif scope.liaison_org_ids:
        providers = Organisation.objects.filter(pk__in=scope.liaison_org_ids)
        regions = Region.objects.within_paths([p.region.path for p in providers.select_related("region")])
    else:
        raise Http404
    form = ResourceForm(post_data(request), instance=resource, providers=providers, regions=regions)
    if request.method == "POST" and form.is_valid():
        saved = services.resource_save(resource=form.save(commit=False), by=request.user)
        messages.success(request, _("The resource has been saved."))
        return redirect(saved)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": resource or _("New resource"),
            "cancel": resource.get_absolute_url() if resource else "/resources/",
        },
    )


def need_resources(need):
    """The resources valid today whose area covers the need's place, of a kind that fits what it asks."""
    resources = Resource.objects.valid_on(timezone.localdate()).filter(area__in=need.region.ancestors())
    kinds = kinds_for_need(need)
    return resources if kinds is None else resources.filter(kind__in=kinds)


@require_POST
@scoped("need")
def need_resource_use(request, pk):
    """Use a resource for a need, from the need's page (needs:resource_use)."""
    return answer_submit(
        request,
        pk,
        lambda data, need: ResourceUseForm(data, resources=need_resources(need)),
        lambda need, d: services.resource_use_record(
            resource=d["resource"], by=request.user, quantity=d["quantity"], need=need, note=d["note"]
        ),
    )
