"""Pages of one's personal information: the copy, requests to correct or delete, consents; and the region
admins' list of requests to decide."""

import json

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.access import can_change, get_for_user, scope_of, scoped, signed_in
from core.export import export_format, export_response
from core.forms import post_data
from core.paging import keyset_page
from people.models import Consent, Recipient
from privacy import services
from privacy.exports import REQUEST_COLUMNS
from privacy.filters import RequestFilter
from privacy.forms import DecisionForm, RequestForm
from privacy.models import PIRequest, RequestStatus


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@signed_in
def mine(request):
    """我的个人信息: what is held, the copy, one's consents and one's requests."""
    user = request.user
    volunteer = getattr(user, "volunteer", None)
    recipient = Recipient.objects.filter(user=user).first()
    mine = Q(pk__in=[])
    if volunteer is not None:
        mine |= Q(volunteer=volunteer)
    if recipient is not None:
        mine |= Q(recipient=recipient)
    return render(
        request,
        "privacy/mine.html",
        {
            "volunteer": volunteer,
            "recipient": recipient,
            "consents": Consent.objects.filter(mine),
            "requests": user.pi_requests.order_by("-filed_at"),
            "form": RequestForm(),
        },
    )


@never_cache
@signed_in
def copy_page(request):
    """The copy as a page to read or print; the full numbers in it are logged as reads."""
    copy = services.person_copy_make(user=request.user, ip=_ip(request))
    return render(request, "privacy/copy.html", {"copy": copy, "subject": request.user.name})


@never_cache
@signed_in
def copy_json(request):
    copy = services.person_copy_make(user=request.user, ip=_ip(request))
    response = HttpResponse(
        json.dumps(copy.as_json(), ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="qianniu-{timezone.localdate():%Y%m%d}.json"'
    return response


@never_cache
@scoped("recipient")
def recipient_copy(request, pk):
    """The copy of a person served who has no account, printed for them by a worker of their area."""
    recipient = get_for_user(Recipient.objects.select_related("region"), request.user, pk, change=True)
    copy = services.recipient_copy_make(recipient=recipient, by=request.user, ip=_ip(request))
    return render(request, "privacy/copy.html", {"copy": copy, "subject": recipient.name})


@signed_in
def request_create(request):
    form = RequestForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.pi_request_file(by=request.user, **form.cleaned_data)
        except services.PrivacyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request has been sent to the region administrator. It is due by %(date)s.")
                % {"date": filed.due_on.isoformat()},
            )
            return redirect("privacy:mine")
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("Ask to correct or delete my information"), "cancel": "/me/privacy/"},
    )


@scoped("pi_request")
def request_list(request):
    """Requests to decide (the county's region admins, and above once late), waiting first by due day."""
    if not scope_of(request.user).admin_paths and not scope_of(request.user).everything:
        raise Http404
    requests = PIRequest.objects.changeable_by(request.user).select_related("requester", "county")
    filters = RequestFilter(request.GET, requests)
    if export_format(request):
        rows = filters.qs.order_by("due_on", "pk")
        return export_response(request, rows, REQUEST_COLUMNS, _("Personal information requests"))
    return render(
        request,
        "privacy/request_list.html",
        {"page": keyset_page(filters.qs, request), "status": filters.data["status"], "statuses": RequestStatus.choices},
    )


@scoped("pi_request")
def request_detail(request, pk):
    pi_request = get_for_user(PIRequest.objects.select_related("requester", "county"), request.user, pk)
    deciding = pi_request.status == RequestStatus.WAITING and can_change(request.user, pi_request)
    requester = pi_request.requester
    return render(
        request,
        "privacy/request_detail.html",
        {
            "pi_request": pi_request,
            "form": DecisionForm() if deciding else None,
            "volunteer": getattr(requester, "volunteer", None) if deciding else None,
            "recipient": Recipient.objects.filter(user=requester).first() if deciding else None,
        },
    )


@require_POST
@scoped("pi_request")
def request_decide(request, pk):
    pi_request = get_for_user(PIRequest.objects.all(), request.user, pk, change=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(pi_request)
    try:
        services.pi_request_decide(
            request=pi_request,
            by=request.user,
            done=form.cleaned_data["decision"] == "done",
            answer=form.cleaned_data["answer"],
        )
    except services.PrivacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect(pi_request)


@scoped("consent")
def consent_withdraw(request, pk):
    """Withdraw a consent: by the person, or by a worker recording a withdrawal the person or guardian made."""
    consent = get_for_user(
        Consent.objects.select_related("recipient", "volunteer__user"), request.user, pk, change=True
    )
    subject = consent.recipient or consent.volunteer
    back = _back_to(request, consent)
    if request.method == "POST":
        try:
            services.consent_withdraw(consent=consent, by=request.user)
        except services.PrivacyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The consent has been withdrawn."))
        return redirect(back)
    return render(request, "privacy/consent_withdraw.html", {"consent": consent, "subject": subject, "back": back})


def _back_to(request, consent: Consent) -> str:
    scope = scope_of(request.user)
    own = (
        consent.volunteer_id == scope.volunteer_id
        if consent.volunteer_id
        else consent.recipient_id == scope.recipient_id
    )
    if own:
        return "/me/privacy/"
    return (consent.recipient or consent.volunteer).get_absolute_url()
