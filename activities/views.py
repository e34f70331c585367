"""Recruitment, sign-up, the leader's QR code, check-in and check-out."""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.exports import ACTIVITY_COLUMNS
from activities.forms import ActivityForm, MarkAttendanceForm, RollForm
from activities.models import Activity, ActivityStatus, Signup, SignupStatus
from activities.scan import activity_scanned, scan_remember
from activities.selectors import markable_volunteers
from core.access import can_change, get_for_user, public, scope_of, scoped, signed_in
from core.export import export_format, export_response
from core.forms import post_data
from core.htmx import partial_or_page
from core.paging import keyset_page
from core.qr import qr_svg
from orgs.models import Kind, Organisation
from people.models import Role, User, Volunteer
from people.selectors import pickable_volunteers
from regions.models import Region
from regions.selectors import regions_around, regions_in_scope
from venues.forms import room_choices

TICKET_SALT = "qianniu.attend.ticket"
TICKET_SECONDS = 15 * 60


def _volunteer(request):
    return Volunteer.objects.filter(pk=scope_of(request.user).volunteer_id).first()


@public
def activity_list(request):
    """The public recruitment page: published activities that have not ended. Its export holds the activities
    the user manages (their area's and their teams', any time), not the public page of every county's."""
    if export_format(request):
        if not request.user.is_authenticated:
            raise Http404
        managed = Activity.objects.changeable_by(request.user).select_related("organiser", "region", "lead")
        return export_response(request, managed.order_by("-starts_at", "-pk"), ACTIVITY_COLUMNS, _("Activities"))
    activities = Activity.objects.filter(status=ActivityStatus.PUBLISHED, ends_at__gte=timezone.now())
    mine = None
    if request.user.is_authenticated:
        mine = Activity.objects.changeable_by(request.user).exclude(pk__in=activities.values("pk"))
    can_create = request.user.is_authenticated and bool(
        scope_of(request.user).staff_paths or scope_of(request.user).led_team_ids or scope_of(request.user).everything
    )
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": keyset_page(activities.select_related("organiser", "region"), request, order="starts_at"),
            "mine": keyset_page(mine, request, order="-starts_at", prefix="mine_") if mine is not None else None,
            "can_create": can_create,
        },
    )


@public
def activity_detail(request, pk):
    activity = (
        get_for_user(Activity.objects.select_related("organiser", "region", "lead"), request.user, pk)
        if request.user.is_authenticated
        else None
    )
    if activity is None:
        activity = (
            Activity.objects.filter(pk=pk, status=ActivityStatus.PUBLISHED)
            .select_related("organiser", "region")
            .first()
        )
        if activity is None:
            raise Http404
    volunteer = _volunteer(request) if request.user.is_authenticated else None
    signup = Signup.objects.filter(activity=activity, volunteer=volunteer).first() if volunteer else None
    taken = activity.signups.filter(status__in=[SignupStatus.APPROVED, SignupStatus.PENDING]).count()
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "signup": signup,
            "volunteer": volunteer,
            "places_left": max(activity.quota - taken, 0),
            "can_manage": request.user.is_authenticated and can_change(request.user, activity),
        },
    )


def _choices(request):
    """Who may organise and lead, and where: a leader's own teams; for staff, the units of their area."""
    scope = scope_of(request.user)
    regions = regions_in_scope(request.user)
    organisers = Organisation.objects.filter(
        Q(pk__in=scope.led_team_ids)
        | Q(kind__in=[Kind.TEAM, Kind.AGENCY, Kind.PARTY_COMMITTEE], region__in=regions_around(request.user))
    )
    if not regions.exists():
        regions = Region.objects.filter(pk__in=Organisation.objects.filter(pk__in=scope.led_team_ids).values("region"))
    leads = User.objects.filter(
        Q(pk=request.user.pk) | Q(grants__role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR], grants__region__in=regions)
    ).distinct()
    return {"organisers": organisers, "leads": leads, "regions": regions}


@scoped("activity")
def activity_edit(request, pk=None):
    scope = scope_of(request.user)
    if pk is None and not (scope.staff_paths or scope.led_team_ids or scope.everything):
        raise Http404
    activity = get_for_user(Activity.objects.all(), request.user, pk, change=True) if pk else None
    initial = {"lead": request.user.pk, "min_age": 18, "quota": 10} if activity is None else None
    rooms = room_choices(request.user)
    form = ActivityForm(post_data(request), instance=activity, initial=initial, rooms=rooms, **_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(
                activity=form.save(commit=False),
                by=request.user,
                repeat_weeks=form.cleaned_data.get("repeat_weeks") or 0,
                room=form.cleaned_data.get("room"),
                skills=form.cleaned_data.get("required_skills"),
            )
        except services.ActivityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect(saved)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": activity or _("New activity"), "cancel": reverse("activities:list")},
    )


@require_POST
@signed_in
def signup(request, pk):
    activity = Activity.objects.filter(pk=pk, status=ActivityStatus.PUBLISHED).first()
    volunteer = _volunteer(request)
    if activity is None or volunteer is None:
        raise Http404
    try:
        result = services.signup_create(activity=activity, volunteer=volunteer)
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Signed up: %(status)s.") % {"status": result.get_status_display()})
    return redirect("activities:detail", pk=pk)


@require_POST
@signed_in
def signup_cancel(request, pk):
    volunteer = _volunteer(request)
    mine = Signup.objects.filter(activity_id=pk, volunteer=volunteer).first() if volunteer else None
    if mine is None:
        raise Http404
    services.signup_cancel(signup=mine)
    messages.success(request, _("Your sign-up has been cancelled."))
    return redirect("activities:detail", pk=pk)


def _markable(request, activity):
    return markable_volunteers(request.user, activity)


def _roll_form(request, activity, data=None):
    signed_up = (
        Volunteer.objects.filter(signups__activity=activity, signups__status=SignupStatus.APPROVED)
        .select_related("user")
        .order_by("user__name_pinyin", "pk")
    )  # as a paper roll: by name, the same each time
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {
        "present": list(activity.attendances.values_list("volunteer_id", flat=True)),
        "checked_in_at": timezone.localtime(activity.starts_at).replace(tzinfo=None),
        "checked_out_at": min(timezone.localtime(activity.ends_at), now).replace(tzinfo=None),
    }
    return RollForm(data, signed_up=signed_up, volunteers=pickable_volunteers(request.user), initial=initial)


@scoped("activity")
def activity_manage(request, pk):
    activity = get_for_user(Activity.objects.select_related("organiser"), request.user, pk, change=True)
    form = MarkAttendanceForm(
        post_data(request), volunteers=_markable(request, activity), initial={"volunteer": request.GET.get("volunteer")}
    )
    if request.method == "POST" and form.is_valid():
        volunteer = form.cleaned_data["volunteer"]
        try:
            services.attendance_mark(
                activity=activity,
                volunteer=volunteer,
                by=request.user,
                checked_in_at=form.cleaned_data["checked_in_at"],
                checked_out_at=form.cleaned_data["checked_out_at"],
            )
        except services.ActivityError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance of %(name)s has been recorded.") % {"name": volunteer.user.name})
            return redirect("activities:manage", pk=pk)
    return _manage_page(request, activity, form=form)


def _manage_page(request, activity, *, form=None, roll=None):
    return render(
        request,
        "activities/activity_manage.html",
        {
            "activity": activity,
            "signups": activity.signups.select_related("volunteer__user").exclude(status=SignupStatus.CANCELLED),
            "attendances": activity.attendances.select_related("volunteer__user", "entry", "activity"),
            "form": form or MarkAttendanceForm(volunteers=_markable(request, activity)),
            "roll": roll or _roll_form(request, activity),
        },
    )


@require_POST
@scoped("activity")
def activity_roll(request, pk):
    """Hand attendance: the ticked volunteers, and a walk-in, recorded in one go (services.attendance_roll)."""
    activity = get_for_user(Activity.objects.select_related("organiser"), request.user, pk, change=True)
    roll = _roll_form(request, activity, request.POST)
    if roll.is_valid():
        data = roll.cleaned_data
        try:
            result = services.attendance_roll(
                activity=activity,
                by=request.user,
                present=data["present"],
                walk_in=data["walk_in"],
                checked_in_at=data["checked_in_at"],
                checked_out_at=data["checked_out_at"],
            )
        except services.ActivityError as error:
            roll.add_error(None, str(error))
        else:
            names = "、".join(v.user.name for v in result["marked"]) or "—"
            messages.success(request, _("Attendance recorded: %(names)s.") % {"names": names})
            if result["already"]:
                already = "、".join(v.user.name for v in result["already"])
                messages.info(request, _("Recorded before, left as they were: %(names)s.") % {"names": already})
            return redirect("activities:manage", pk=pk)
    return _manage_page(request, activity, roll=roll)


@require_POST
@scoped("activity")
def manage_action(request, pk, action, item):
    activity = get_for_user(Activity.objects.all(), request.user, pk, change=True)
    try:
        if action in {"approve", "reject"}:
            target = get_object_or_404(activity.signups, pk=item)
            services.signup_decide(signup=target, by=request.user, approve=action == "approve")
        elif action == "confirm":
            target = get_object_or_404(activity.attendances, pk=item)
            services.attendance_confirm(attendance=target, by=request.user)
        else:
            raise Http404
    except services.ActivityError as error:
        messages.error(request, str(error))
    return redirect("activities:manage", pk=pk)


@scoped("activity")
def activity_qr(request, pk):
    """The leader's phone shows this; the code changes every 20 seconds."""
    activity = get_for_user(Activity.objects.all(), request.user, pk, change=True)
    url = request.build_absolute_uri(reverse("activities:attend", args=[services.qr_token(activity)]))
    context = {"activity": activity, "svg": qr_svg(url), "url": url}
    return partial_or_page(request, "activities/activity_qr.html", "activities/partials/qr.html", context)


@public
def attend(request, token):
    """What the scan opens: check in or check out, for the signed-in volunteer. Someone not signed in yet has
    the token checked now and the scan remembered in their session, then signs in and comes back here
    (activities.scan); nothing personal is shown before the sign-in."""
    if not request.user.is_authenticated:
        try:
            scan_remember(request, services.activity_from_token(token))
        except services.ActivityError as error:
            return render(request, "activities/attend.html", {"error": str(error)}, status=400)
        return redirect_to_login(request.get_full_path())
    volunteer = _volunteer(request)
    if volunteer is None:
        raise Http404
    try:
        activity = activity_scanned(request, token)
    except services.ActivityError as error:
        return render(request, "activities/attend.html", {"error": str(error)}, status=400)
    ticket = signing.dumps({"a": activity.pk, "v": volunteer.pk}, salt=TICKET_SALT)
    attendance = activity.attendances.filter(volunteer=volunteer).first()
    return render(
        request,
        "activities/attend.html",
        {"activity": activity, "ticket": ticket, "key": uuid.uuid4(), "attendance": attendance},
    )


@require_POST
@signed_in
def attend_submit(request, action):
    volunteer = _volunteer(request)
    if volunteer is None or action not in {"in", "out"}:
        raise Http404
    try:
        ticket = signing.loads(request.POST.get("ticket", ""), salt=TICKET_SALT, max_age=TICKET_SECONDS)
        key = uuid.UUID(request.POST.get("key", ""))
    except (signing.BadSignature, ValueError):
        return render(
            request,
            "activities/attend.html",
            {"error": _("This page has expired. Please scan the code again.")},
            status=400,
        )
    activity = Activity.objects.filter(pk=ticket["a"]).first()
    if activity is None or ticket["v"] != volunteer.pk:
        raise Http404
    try:
        attendance = (services.check_in if action == "in" else services.check_out)(
            activity=activity, volunteer=volunteer, key=key
        )
    except services.ActivityError as error:
        return render(request, "activities/attend.html", {"error": str(error), "activity": activity}, status=400)
    context = {"activity": activity, "attendance": attendance, "done": action, "key": uuid.uuid4()}
    context["ticket"] = signing.dumps({"a": activity.pk, "v": volunteer.pk}, salt=TICKET_SALT)
    return render(request, "activities/attend.html", context)
