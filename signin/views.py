"""Pages of sign-in: the second step after the password, setting up and managing two-factor sign-in,
changing one's password, and the page a locked-out sign-in gets."""

from base64 import b32encode
from urllib.parse import quote, urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import signed_in
from core.forms import post_data
from core.qr import qr_svg
from core.ratelimit import limit_posts
from signin import services
from signin.forms import DisableForm, EnrolForm, StyledPasswordChangeForm, VerifyForm
from signin.lockout import locked_until
from signin.selectors import has_two_factor, two_factor_required


def _next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _no_store(response):
    """Codes and keys on a page: no browser or proxy keeps a copy."""
    response["Cache-Control"] = "no-store"
    return response


def provisioning_uri(device, user) -> str:
    """The otpauth:// address an authenticator app reads from the QR code. Its label is the masked mobile
    number (django-otp's own would show the number's blind index)."""
    issuer = settings.OTP_ISSUER.replace(":", "")
    label = quote(f"{issuer}:{user.masked_phone}")
    params = {"secret": secret_text(device), "issuer": issuer, "algorithm": "SHA1", "digits": 6, "period": 30}
    return f"otpauth://totp/{label}?{urlencode(params)}"


def secret_text(device) -> str:
    """The key as an app asks for it when typed in by hand: base32, without padding."""
    return b32encode(device.bin_key).decode().rstrip("=")


@signed_in
def security(request):
    """Two-factor sign-in and the password, on one page of one's own."""
    user = request.user
    context = {"enabled": has_two_factor(user), "required": two_factor_required(user)}
    return render(request, "signin/security.html", {**context, "disable_form": DisableForm(user=user)})


@signed_in
def enrol(request):
    """Scan the key into an authenticator app, then confirm it with the code the app shows."""
    user = request.user
    if has_two_factor(user) and not user.is_verified():
        return redirect(f"{reverse_lazy('signin:verify')}?{urlencode({'next': request.get_full_path()})}")
    device = services.pending_authenticator(user) or services.two_factor_enrol_start(user=user)
    form = EnrolForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enrol_confirm(user=user, token=form.cleaned_data["code"])
        except services.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            django_otp.login(request, device)
            return _no_store(render(request, "signin/recovery_codes.html", {"codes": codes, "next": _next(request)}))
    uri = provisioning_uri(device, user)
    context = {
        "form": form,
        "svg": qr_svg(uri, scale=5),
        "secret": secret_text(device),
        "required": two_factor_required(user),
        "next": _next(request, ""),
    }
    return _no_store(render(request, "signin/enrol.html", context))


@signed_in
@limit_posts(scope="otp", count=60, seconds=600)  # besides django-otp's slow-down per account
def verify(request):
    """The second step of signing in."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    form = VerifyForm(post_data(request))
    wait_until = services.two_factor_wait_until(user)
    if request.method == "POST" and form.is_valid() and wait_until is None:
        device = services.two_factor_verify(user=user, token=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            if device.name == "recovery":
                left = device.token_set.count()
                messages.warning(request, _("You signed in with a recovery code; %(n)d are left.") % {"n": left})
            return redirect(_next(request))
        form.add_error("code", _("The code is wrong or has expired."))
        wait_until = services.two_factor_wait_until(user)
    too_many = (
        _("Too many wrong codes. Please try again after %(time)s.")
        % {"time": timezone.localtime(wait_until).strftime("%H:%M:%S")}
        if wait_until is not None
        else ""
    )
    return render(request, "signin/verify.html", {"form": form, "too_many": too_many, "next": _next(request, "")})


@require_POST
@signed_in
def recovery_codes(request):
    """New recovery codes, shown once."""
    try:
        codes = services.recovery_codes_renew(user=request.user)
    except services.TwoFactorError as error:
        messages.error(request, str(error))
        return redirect("signin:security")
    return _no_store(render(request, "signin/recovery_codes.html", {"codes": codes, "next": ""}))


@require_POST
@signed_in
def disable(request):
    form = DisableForm(request.POST, user=request.user)
    if not form.is_valid():
        for error in form.errors.get("password", []):
            messages.error(request, error)
        return redirect("signin:security")
    try:
        services.two_factor_disable(user=request.user)
    except services.TwoFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("signin:security")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's own, which runs the password validators of settings and keeps this session signed in."""

    form_class = StyledPasswordChangeForm
    template_name = "signin/password_change.html"
    success_url = reverse_lazy("signin:security")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


password_change = signed_in(PasswordChange.as_view())


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers to a sign-in while its account or address is locked (AXES_LOCKOUT_CALLABLE)."""
    until = timezone.localtime(locked_until(request, credentials))
    context = {"until": until.strftime("%H:%M"), "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(request, "signin/locked_out.html", context, status=429)
