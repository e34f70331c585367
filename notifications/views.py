"""The notification centre, a person's channels, the outbox page of the region admins, delivery receipts."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.access import get_for_user, public, scoped, signed_in
from core.paging import keyset_page
from notifications import selectors, services, wechat_oauth
from notifications.forms import PreferencesForm
from notifications.models import Message, MessageState, Notification
from notifications.providers import aliyun, tencent

RECEIPT_PARSERS = {"aliyun": aliyun.receipts, "tencent": tencent.receipts}


@signed_in
def notification_list(request):
    unread = request.GET.get("unread") == "1"
    page = keyset_page(selectors.notifications_of(request.user, unread=unread), request, order="-pk")
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@scoped("notification")
def notification_open(request, pk):
    """Follow a notification to its object, marked read on the way."""
    notification = get_for_user(Notification.objects, request.user, pk)
    services.notification_open(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications:list")


@signed_in
@require_POST
def read_all(request):
    services.notifications_read_all(person=request.user)
    return redirect("notifications:list")


@signed_in
def preferences(request):
    form = PreferencesForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            person=request.user, choices=form.choices(), smartphone=form.cleaned_data["smartphone"]
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@signed_in
@require_POST
def wechat_bind(request):
    """The person taps "Bind WeChat": off to WeChat's authorize page, with a one-time state in the session."""
    try:
        return redirect(wechat_oauth.authorize_url(request.session, request.user))
    except wechat_oauth.BindError as error:
        messages.error(request, str(error))
        return redirect("notifications:preferences")


@signed_in
def wechat_bound(request):
    """WeChat sends the person back with a code and the state: the code is traded for their openid."""
    try:
        openid = wechat_oauth.openid_of(
            request.session, request.user, code=request.GET.get("code", ""), state=request.GET.get("state", "")
        )
    except wechat_oauth.BindError as error:
        messages.error(request, str(error))
    else:
        services.wechat_bind(person=request.user, openid=openid)
        messages.success(request, _("Your WeChat is bound: messages will also come there."))
    return redirect("notifications:preferences")


@scoped("outbox_message")
def outbox_list(request):
    state = request.GET.get("state", MessageState.FAILED)
    page = keyset_page(selectors.outbox_for_admin(request.user, state=state), request, order="-pk")
    selectors.label_recipients(page.items)
    return render(request, "notifications/outbox.html", {"page": page, "state": state, "states": MessageState.choices})


@scoped("outbox_message")
def message_detail(request, pk):
    message = get_for_user(Message.objects.select_related("person"), request.user, pk)
    may_resend = Message.objects.changeable_by(request.user).filter(pk=message.pk).exists()
    selectors.label_recipients([message])
    return render(request, "notifications/message.html", {"message": message, "may_resend": may_resend})


@scoped("outbox_message")
@require_POST
def message_resend(request, pk):
    message = get_for_user(Message.objects, request.user, pk, change=True)
    try:
        services.message_resend(message=message, by=request.user)
    except services.NotifyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect("notifications:message", pk=message.pk)


@public
@csrf_exempt
@require_POST
def receipts(request, provider, token):
    """Delivery receipts pushed by the SMS provider to the URL configured with it (the token in the path)."""
    expected = settings.NOTIFY_RECEIPT_TOKEN
    if not expected or not hmac.compare_digest(token, expected) or provider not in RECEIPT_PARSERS:
        raise Http404
    try:
        body = json.loads(request.body)
    except ValueError:
        return JsonResponse({"code": 1, "msg": "not JSON"}, status=400)
    if not isinstance(body, list):
        body = [body]
    matched = services.receipts_record(provider=provider, receipts=RECEIPT_PARSERS[provider](body))
    # The answer each provider expects: Alibaba Cloud {"code": 0}, Tencent Cloud {"result": 0}.
    return JsonResponse({"code": 0, "msg": "成功", "result": 0, "errmsg": "OK", "matched": matched})
