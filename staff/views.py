"""Pages of staff accounts, for the region admins of the area (404 elsewhere), and the invitation link."""

from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import public, scope_of, scoped
from core.export import export_format, export_response
from core.forms import errors_as_messages, post_data
from core.paging import keyset_page
from core.ratelimit import limit_posts
from orgs.models import MembershipRole, TeamMembership
from people.account_forms import AccountForm
from people.models import RoleGrant, User
from people.services import DuplicateRegistration
from signin.selectors import two_factor_required
from staff import selectors, services
from staff.exports import STAFF_COLUMNS
from staff.forms import GrantForm, InvitationPasswordForm, StaffCreateForm
from staff.models import StaffAccount

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _admin_only(request):
    scope = scope_of(request.user)
    if not (scope.everything or scope.admin_paths):
        raise Http404


def _account(request, pk, *, change: bool = False) -> User:
    _admin_only(request)
    return get_object_or_404(selectors.staff_visible_to(request.user, change=change), pk=pk)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _link_page(request, user, token):
    """The invitation link, shown once, to pass on to the new staff member."""
    link = request.build_absolute_uri(f"/invitation/{token}/")
    context = {"account": user, "link": link, "hours": int(services.INVITATION_LIFETIME.total_seconds() // 3600)}
    return _no_store(render(request, "staff/invitation_link.html", context))


@scoped("staff")
def staff_list(request):
    _admin_only(request)
    accounts = selectors.staff_visible_to(request.user).filter(
        Q(pk__in=RoleGrant.objects.values("user_id"))
        | Q(pk__in=StaffAccount.objects.values("user_id"))
        | Q(pk__in=TeamMembership.objects.filter(role=MembershipRole.LEADER).values("volunteer__user_id"))
    )
    term = request.GET.get("q", "").strip()
    if term:
        accounts = accounts.filter(
            Q(name__contains=term) | Q(name_initials__startswith=term.lower()) | Q(phone_last4=term)
        )
    accounts = accounts.prefetch_related("grants__region", "grants__organisation")
    if export_format(request):
        return export_response(request, accounts.order_by("pk"), STAFF_COLUMNS, _("Staff"))
    page = keyset_page(accounts, request)
    return render(request, "staff/staff_list.html", {"page": page, "q": term})


@scoped("staff")
def staff_create(request):
    _admin_only(request)
    form = StaffCreateForm(post_data(request), by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, token = services.staff_create(
                by=request.user, name=data["name"], phone=data["phone"], role=data["role"], **form.place()
            )
        except (services.StaffError, DuplicateRegistration) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The account has been created."))
            return _link_page(request, user, token)
    return render(request, "staff/staff_form.html", {"form": form, "title": _("New staff member")})


@scoped("staff")
def staff_detail(request, pk):
    account = _account(request, pk)
    context = {
        "account": account,
        "grants": selectors.grants_of(account),
        "leaderships": selectors.leaderships_of(account),
        "events": keyset_page(selectors.events_of(account), request, order="-at"),
        "grant_form": GrantForm(by=request.user),
        "may_change": selectors.staff_visible_to(request.user, change=True).filter(pk=account.pk).exists(),
        "is_self": account.pk == request.user.pk,
        "is_volunteer": hasattr(account, "volunteer"),
    }
    return render(request, "staff/staff_detail.html", context)


@scoped("staff")
def staff_edit(request, pk):
    account = _account(request, pk, change=True)
    form = AccountForm(post_data(request), account=account, initial={"name": account.name, "phone": account.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(by=request.user, user=account, **form.cleaned_data)
        except (services.StaffError, DuplicateRegistration) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("staff:detail", pk=account.pk)
    context = {"form": form, "title": _("Change %(name)s") % {"name": account.name}, "account": account}
    return render(request, "staff/staff_form.html", context)


@require_POST
@scoped("staff")
def staff_invite(request, pk):
    account = _account(request, pk, change=True)
    try:
        token = services.staff_invite(by=request.user, user=account)
    except services.StaffError as error:
        messages.error(request, str(error))
        return redirect("staff:detail", pk=account.pk)
    return _link_page(request, account, token)


def _step(request, account, call):
    try:
        call()
    except services.StaffError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("staff:detail", pk=account.pk)


@require_POST
@scoped("staff")
def grant_add(request, pk):
    account = _account(request, pk)
    form = GrantForm(request.POST, by=request.user)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("staff:detail", pk=account.pk)
    role = form.cleaned_data["role"]
    return _step(
        request, account, lambda: services.staff_grant_add(by=request.user, user=account, role=role, **form.place())
    )


@require_POST
@scoped("staff")
def grant_end(request, pk, grant_pk):
    account = _account(request, pk)
    grant = get_object_or_404(RoleGrant, pk=grant_pk, user=account)
    return _step(request, account, lambda: services.staff_grant_end(by=request.user, grant=grant))


@require_POST
@scoped("staff")
def leadership_end(request, pk, membership_pk):
    account = _account(request, pk)
    membership = get_object_or_404(selectors.leaderships_of(account), pk=membership_pk)
    return _step(request, account, lambda: services.staff_leadership_end(by=request.user, membership=membership))


@require_POST
@scoped("staff")
def staff_end(request, pk):
    account = _account(request, pk, change=True)
    return _step(request, account, lambda: services.staff_end(by=request.user, user=account))


@require_POST
@scoped("staff")
def staff_restore(request, pk):
    account = _account(request, pk, change=True)
    return _step(request, account, lambda: services.staff_restore(by=request.user, user=account))


@public
@limit_posts(scope="invitation", count=20, seconds=3600)
def invitation_accept(request, token):
    """The invited person sets their password; they are then signed in, and sent on to set up two-factor
    sign-in where their role requires it (signin's middleware). A used or expired link says so."""
    try:
        invitation = services.invitation_check(token)
    except services.InvitationGone as error:
        return _no_store(render(request, "staff/invitation_gone.html", {"message": str(error)}, status=410))
    form = InvitationPasswordForm(invitation.user, post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except services.InvitationGone as error:
            return _no_store(render(request, "staff/invitation_gone.html", {"message": str(error)}, status=410))
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Welcome, %(name)s. Your password is set.") % {"name": user.name})
        return redirect("signin:enrol" if two_factor_required(user) else "home")
    return _no_store(render(request, "staff/invitation_accept.html", {"form": form, "account": invitation.user}))
