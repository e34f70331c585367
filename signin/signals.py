"""A session remembers when its user signed in, for the absolute lifetime (signin.middleware)."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "signin_at"
SEEN_AT = "signin_seen"


@receiver(user_logged_in)
def remember_sign_in_time(sender, request, user, **kwargs):
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
