"""Two rules every signed-in request passes: the session has not outlived its limits, and whoever must use
a second factor (or chose to) has used it in this session."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from signin.selectors import has_two_factor, session_limits, two_factor_required
from signin.signals import SEEN_AT, SIGNED_IN_AT

SEEN_RESOLUTION = 60  # seconds: the last-seen time is written at most once a minute, not on every request

# Pages an unverified user may still open, by the step they are sent to.
OPEN_DURING = {
    "signin:verify": {"signin:verify", "logout", "set_language", "elder_mode", "admin:logout"},
    "signin:enrol": {"signin:enrol", "logout", "set_language", "elder_mode", "admin:logout"},
}


class SessionLimitsMiddleware:
    """Sign the user out after the idle time or the lifetime of their kind of session
    (signin.selectors.session_limits): staff after 30 idle minutes or 12 hours, others much later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            seen_at = session.get(SEEN_AT, signed_in_at)
            idle, lifetime = session_limits(request.user)
            if now - seen_at > idle.total_seconds() or now - signed_in_at > lifetime.total_seconds():
                logout(request)
                messages.info(request, _("For your safety you were signed out. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen_at > SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """After the password, a user with an authenticator gives its code (signin:verify); a user whose role
    requires one and who has none sets it up first (signin:enrol). Until then every other page sends them
    there. Needs django_otp's OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if has_two_factor(user):
            step = "signin:verify"
        elif two_factor_required(user):
            step = "signin:enrol"
        else:
            return None
        match = request.resolver_match
        if match and match.view_name in OPEN_DURING[step]:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
