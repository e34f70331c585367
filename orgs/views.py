"""Pages for organisations and volunteer teams."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, scope_of, scoped, signed_in
from core.export import export_format, export_response
from core.forms import post_data
from core.htmx import partial_or_page
from core.paging import keyset_page
from orgs import services
from orgs.exports import ORGANISATION_COLUMNS
from orgs.filters import OrganisationFilter, TeamFilter
from orgs.forms import DecisionForm, OrganisationForm
from orgs.models import Kind, MembershipStatus, Organisation, TeamMembership
from regions.models import Region
from regions.selectors import regions_in_scope


def _organisation_list(request, *, teams: bool):
    organisations = Organisation.objects.visible_to(request.user).select_related("region")
    organisations = organisations.filter(kind=Kind.TEAM) if teams else organisations.exclude(kind=Kind.TEAM)
    filters = (TeamFilter if teams else OrganisationFilter)(request.GET, organisations, request=request)
    if export_format(request):
        name = _("Volunteer teams") if teams else _("Organisations")
        rows = filters.qs.prefetch_related("service_fields").order_by("-pk")
        return export_response(request, rows, ORGANISATION_COLUMNS, name)
    regions = regions_in_scope(request.user)
    page = keyset_page(filters.qs.prefetch_related("service_fields"), request)
    context = {
        "page": page,
        "teams": teams,
        "kinds": [k for k in Kind.choices if k[0] != Kind.TEAM],
        "regions": regions.filter(depth__lte=4),
        "selected_region": filters.selected("region"),
        "can_create": not teams and bool(scope_of(request.user).admin_paths or scope_of(request.user).everything),
    }
    return partial_or_page(request, "orgs/organisation_list.html", "orgs/partials/organisation_rows.html", context)


@scoped("organisation")
def organisation_list(request):
    return _organisation_list(request, teams=False)


@scoped("organisation")
def team_list(request):
    return _organisation_list(request, teams=True)


@scoped("organisation")
def organisation_detail(request, pk):
    organisation = get_for_user(Organisation.objects.select_related("region"), request.user, pk)
    if organisation.kind == Kind.TEAM:
        return redirect("orgs:team_detail", pk=organisation.pk)
    return render(
        request,
        "orgs/organisation_detail.html",
        {"organisation": organisation, "can_change": can_change(request.user, organisation)},
    )


@scoped("organisation")
def team_detail(request, pk):
    team = get_for_user(Organisation.objects.teams().select_related("region"), request.user, pk)
    changeable = can_change(request.user, team)
    scope = scope_of(request.user)
    sees_roster = changeable or scope.everything or bool(scope.staff_paths)
    memberships = team.memberships.select_related("volunteer__user")
    approved = memberships.filter(status=MembershipStatus.APPROVED)
    pending = memberships.filter(status=MembershipStatus.PENDING)
    return render(
        request,
        "orgs/team_detail.html",
        {
            "team": team,
            "can_change": changeable,
            "can_decide": team.pk in scope.led_team_ids or (changeable and bool(scope.admin_paths or scope.everything)),
            "members": keyset_page(approved, request, order="volunteer__user__name_pinyin", prefix="members_")
            if sees_roster
            else None,
            "pending": keyset_page(pending, request, order="applied_at", prefix="pending_") if changeable else None,
            "member_count": approved.count(),
        },
    )


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "region",
    "department",
    "unit_type",
    "contact_name",
    "contact_phone",
    "address",
    "description",
    "active",
)


@scoped("organisation")
def organisation_edit(request, pk=None):
    """Region administrators create and edit organisations of their area; leaders and liaisons edit the
    description of their own team or department but not its kind or place."""
    scope = scope_of(request.user)
    is_region_admin = bool(scope.admin_paths or scope.everything)
    if pk is None:
        if not is_region_admin:
            raise Http404
        organisation, initial = None, {"kind": request.GET.get("kind", Kind.TEAM), "active": True}
    else:
        organisation = get_for_user(Organisation.objects.all(), request.user, pk, change=True)
        initial = OrganisationForm.initial_for(organisation)
    if is_region_admin:
        regions = Region.objects.all() if scope.everything else Region.objects.within_paths(scope.admin_paths)
    else:
        regions = Region.objects.filter(pk=organisation.region_id)
    form = OrganisationForm(post_data(request), regions=regions, kind_locked=not is_region_admin, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = organisation or Organisation()
        for key in ORGANISATION_FIELDS:
            setattr(target, key, form.cleaned_data[key])
        try:
            services.organisation_save(
                organisation=target, by=request.user, service_fields=form.cleaned_data["service_fields"]
            )
        except IntegrityError:
            form.add_error("name", _("An organisation of this kind and name exists in this region already."))
            if organisation is not None:
                organisation.refresh_from_db()
        else:
            messages.success(request, _("The organisation has been saved."))
            return redirect(target)
    return render(request, "orgs/organisation_form.html", {"form": form, "organisation": organisation})


@require_POST
@scoped("organisation")
def membership_decide(request, pk, membership_pk, decision):
    team = get_for_user(Organisation.objects.teams(), request.user, pk, change=True)
    membership = TeamMembership.objects.filter(team=team, pk=membership_pk).first()
    if membership is None or decision not in {"approve", "reject"}:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.membership_decide(
            membership=membership,
            by=request.user,
            approve=decision == "approve",
            note=form.cleaned_data.get("note", ""),
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            (
                _("%(name)s has joined the team.")
                if decision == "approve"
                else _("The application of %(name)s was refused.")
            )
            % {"name": membership.volunteer.user.name},
        )
    return redirect("orgs:team_detail", pk=team.pk)


@require_POST
@signed_in
def team_apply(request):
    """A registered volunteer applies to join a team (any active team: team names are public)."""
    volunteer = getattr(request.user, "volunteer", None)
    team = Organisation.objects.teams().filter(active=True, pk=request.POST.get("team") or 0).first()
    if volunteer is None or team is None:
        raise Http404
    membership = services.membership_apply(team=team, volunteer=volunteer)
    if membership.status == MembershipStatus.APPROVED:
        messages.info(request, _("You are a member of %(team)s already.") % {"team": team})
    else:
        messages.success(request, _("Your application to %(team)s waits for the leader's approval.") % {"team": team})
    return redirect("people:me")
