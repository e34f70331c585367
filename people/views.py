"""Pages for volunteers, recipients and one's own profile."""

from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, may_decide, public, scope_of, scoped, signed_in
from core.export import export_format, export_response
from core.forms import post_data
from core.htmx import partial_or_page
from core.paging import keyset_page
from core.ratelimit import limit_posts
from core.steps import FormSteps, Step
from dictionaries.models import Skill, TargetGroup
from orgs.models import MembershipStatus, Organisation
from people import services
from people.exports import RECIPIENT_COLUMNS, VOLUNTEER_COLUMNS
from people.file import recipient_file
from people.filters import RecipientFilter, VolunteerFilter
from people.forms import (
    ConsentForm,
    RecipientForm,
    VolunteerForm,
    VolunteerRegistrationForm,
    VolunteerStatusForm,
)
from people.models import Recipient, RegistrationStatus, Volunteer, VolunteerKind
from regions.models import Region
from regions.selectors import regions_in_scope


@scoped("volunteer")
def volunteer_list(request):
    regions = regions_in_scope(request.user)
    filters = VolunteerFilter(request.GET, Volunteer.objects.visible_to(request.user), request=request)
    if export_format(request):
        rows = filters.qs.select_related("user", "region").order_by("-pk")
        return export_response(request, rows, VOLUNTEER_COLUMNS, _("Volunteers"))
    page = keyset_page(filters.qs.select_related("user", "region"), request)
    context = {
        "page": page,
        "regions": regions.filter(depth__lte=4) if regions.exists() else regions,
        "kinds": VolunteerKind.choices,
        "statuses": RegistrationStatus.choices,
        "skills": Skill.objects.filter(active=True),
        "selected_region": filters.selected("region"),
        "selected_skill": filters.selected("skill"),
    }
    return partial_or_page(request, "people/volunteer_list.html", "people/partials/volunteer_rows.html", context)


@scoped("volunteer")
def volunteer_detail(request, pk):
    volunteer = get_for_user(Volunteer.objects.select_related("user", "region"), request.user, pk)
    memberships = volunteer.memberships.select_related("team")
    if not scope_of(request.user).staff_paths and not scope_of(request.user).everything:
        # A team leader sees only the memberships of the teams led; a volunteer all of their own.
        own = volunteer.pk == scope_of(request.user).volunteer_id
        memberships = memberships if own else memberships.filter(team_id__in=scope_of(request.user).led_team_ids)
    return render(
        request,
        "people/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "memberships": keyset_page(memberships, request, order="-applied_at"),
            "can_change": can_change(request.user, volunteer),
            "consents": volunteer.consents.all(),
            "status_form": VolunteerStatusForm(initial={"status": volunteer.status})
            if may_decide(request.user, volunteer)
            else None,
            "is_admin": bool(scope_of(request.user).admin_paths) or scope_of(request.user).everything,
        },
    )


@scoped("volunteer")
def volunteer_edit(request, pk):
    volunteer = get_for_user(Volunteer.objects.select_related("user"), request.user, pk, change=True)
    is_self = volunteer.pk == scope_of(request.user).volunteer_id
    regions = Region.objects.all() if is_self else regions_in_scope(request.user)
    form = VolunteerForm(
        post_data(request), volunteer=volunteer, regions=regions, initial=VolunteerForm.initial_for(volunteer)
    )
    if request.method == "POST" and form.is_valid():
        services.volunteer_update(
            volunteer=volunteer, by=request.user, name=form.cleaned_data["name"], profile=form.profile()
        )
        messages.success(request, _("The profile has been saved."))
        return redirect(volunteer)
    return render(request, "people/volunteer_form.html", {"form": form, "volunteer": volunteer})


@require_POST
@scoped("volunteer")
def volunteer_status(request, pk):
    volunteer = get_for_user(Volunteer.objects.all(), request.user, pk, change=True)
    form = VolunteerStatusForm(request.POST)
    if form.is_valid():
        try:
            services.volunteer_set_status(volunteer=volunteer, by=request.user, status=form.cleaned_data["status"])
        except services.PeopleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The registration status has been changed."))
    return redirect(volunteer)


REVEALABLE = {"volunteer": {"id_number", "phone"}, "recipient": {"id_number", "phone", "guardian_phone"}}


def _reveal(request, subject, noun: str, field_name: str):
    if field_name not in REVEALABLE[noun] or not can_change(request.user, subject):
        raise Http404
    target = subject.user if (noun == "volunteer" and field_name == "phone") else subject
    value = services.sensitive_value_read(
        by=request.user, subject=target, field_name=field_name, ip=request.META.get("REMOTE_ADDR")
    )
    return HttpResponse(format_html('<span class="font-monospace">{}</span>', value) if value else "—")


@require_POST
@scoped("volunteer")
def volunteer_reveal(request, pk, field_name):
    volunteer = get_for_user(Volunteer.objects.select_related("user"), request.user, pk)
    return _reveal(request, volunteer, "volunteer", field_name)


# Registration in three short steps (a phone shows one at a time): who you are, with the ID number checked at
# once; where and how you serve; then the account and the consent, which submit the whole form.
REGISTRATION_STEPS = [
    Step(_lazy("About you"), ["name", "phone", "id_type", "id_number", "sex", "birth_date"]),
    Step(
        _lazy("Where and how you serve"),
        ["region", "address", "kind", "skills", "service_fields", "languages", "availability", "weekly_capacity"],
    ),
    Step(_lazy("Your account"), ["team", "password", "consent"]),
]


@public
def volunteer_join(request):
    """The steps before the last only check what was typed; the post that registers counts against the limit."""
    if request.method == "POST" and not FormSteps.is_final(request.POST, REGISTRATION_STEPS):
        return _volunteer_join(request)
    return _volunteer_join_limited(request)


def _volunteer_join(request):
    """Registration answers alike whether or not the mobile or ID number is registered already, so that the page
    tells no one who is a volunteer: a new number is registered, a known one changes nothing, and both go on
    to the same page. (Staff still find the earlier record by the blind index, to hand it to its owner.)"""
    if request.user.is_authenticated and scope_of(request.user).volunteer_id:
        return redirect("people:me")
    form = VolunteerRegistrationForm(post_data(request))
    steps = FormSteps(form, REGISTRATION_STEPS, post_data(request))
    if steps.complete:
        data = form.cleaned_data
        try:
            services.volunteer_register(
                name=data["name"],
                phone=data["phone"],
                password=data["password"],
                id_type=data["id_type"],
                id_number=data["id_number"],
                profile=form.profile(),
                team=data["team"],
            )
        except services.DuplicateRegistration:
            # Hash the password anyway: a registration costs one hash, so the time taken does not tell either.
            make_password(data["password"])
        return redirect("people:join_done")
    return render(request, "people/join.html", {"form": form, "steps": steps})


_volunteer_join_limited = limit_posts(scope="join", count=10, seconds=3600)(_volunteer_join)


@public
def volunteer_join_done(request):
    return render(request, "people/join_done.html")


@signed_in
def me(request):
    volunteer = Volunteer.objects.filter(user=request.user).select_related("region").first()
    context = {"volunteer": volunteer}
    if volunteer:
        county = services.county_of(volunteer.region) or volunteer.region
        memberships = volunteer.memberships.select_related("team")
        context["memberships"] = keyset_page(memberships, request, order="-applied_at", prefix="mine_")
        join_teams = (
            Organisation.objects.teams()
            .filter(active=True, region__path__startswith=county.path)
            .exclude(memberships__volunteer=volunteer, memberships__status=MembershipStatus.APPROVED)
            .select_related("region")
        )
        context["join_teams"] = keyset_page(join_teams, request, order="name", prefix="join_")
    return render(request, "people/me.html", context)


@scoped("recipient")
def recipient_list(request):
    regions = regions_in_scope(request.user)
    filters = RecipientFilter(request.GET, Recipient.objects.visible_to(request.user), request=request)
    if export_format(request):
        rows = filters.qs.select_related("region").prefetch_related("groups").order_by("-pk")
        return export_response(request, rows, RECIPIENT_COLUMNS, _("Recipients"))
    page = keyset_page(filters.qs.select_related("region").prefetch_related("groups"), request)
    context = {
        "page": page,
        "regions": regions.filter(depth__lte=4),
        "groups": TargetGroup.objects.filter(active=True),
        "selected_region": filters.selected("region"),
        "selected_group": filters.selected("group"),
        "can_create": regions.exists(),
    }
    return partial_or_page(request, "people/recipient_list.html", "people/partials/recipient_rows.html", context)


@scoped("recipient")
def recipient_detail(request, pk):
    recipient = get_for_user(Recipient.objects.select_related("region"), request.user, pk)
    changeable = can_change(request.user, recipient)
    return render(
        request,
        "people/recipient_detail.html",
        {
            "recipient": recipient,
            "can_change": changeable,
            # Sensitive tags (health, disability, hardship) only for those who work the case.
            "tags": recipient.tags.all() if changeable else recipient.tags.filter(sensitive=False),
            "consents": recipient.consents.all() if changeable else [],
            # The person's history, each section through the viewer's scope (people.file).
            "file": recipient_file(request, recipient),
        },
    )


def _recipient_duplicate(form, exclude_pk=None):
    number = form.cleaned_data.get("id_number")
    return services.recipient_id_taken(id_number=number, exclude_pk=exclude_pk) if number else None


@scoped("recipient")
def recipient_create(request):
    regions = regions_in_scope(request.user)
    if not regions.exists():
        raise Http404
    form = RecipientForm(post_data(request), regions=regions)
    if request.method == "POST" and form.is_valid():
        duplicate = _recipient_duplicate(form)
        if duplicate:
            form.add_error("id_number", _("A recipient with this ID number is registered already."))
        else:
            recipient = services.recipient_create(
                by=request.user, name=form.cleaned_data["name"], data=form.data_for_service()
            )
            messages.success(request, _("The recipient has been registered."))
            return redirect(recipient)
    return render(request, "people/recipient_form.html", {"form": form})


@scoped("recipient")
def recipient_edit(request, pk):
    recipient = get_for_user(Recipient.objects.all(), request.user, pk, change=True)
    form = RecipientForm(
        post_data(request),
        regions=regions_in_scope(request.user),
        recipient=recipient,
        initial=RecipientForm.initial_for(recipient),
    )
    if request.method == "POST" and form.is_valid():
        if _recipient_duplicate(form, exclude_pk=recipient.pk):
            form.add_error("id_number", _("A recipient with this ID number is registered already."))
        else:
            try:
                services.recipient_update(
                    recipient=recipient, by=request.user, name=form.cleaned_data["name"], data=form.data_for_service()
                )
            except services.ConsentMissing as error:
                form.add_error("tags", str(error))
            else:
                messages.success(request, _("The recipient has been saved."))
                return redirect(recipient)
    return render(request, "people/recipient_form.html", {"form": form, "recipient": recipient})


@require_POST
@scoped("recipient")
def recipient_reveal(request, pk, field_name):
    recipient = get_for_user(Recipient.objects.all(), request.user, pk)
    return _reveal(request, recipient, "recipient", field_name)


@scoped("recipient")
def consent_create(request, pk):
    recipient = get_for_user(Recipient.objects.all(), request.user, pk, change=True)
    form = ConsentForm(post_data(request), initial={"given_by": recipient.name})
    if request.method == "POST" and form.is_valid():
        services.consent_record(recipient=recipient, by=request.user, **form.cleaned_data)
        messages.success(request, _("The consent has been recorded."))
        return redirect(recipient)
    return render(request, "people/consent_form.html", {"form": form, "recipient": recipient})
