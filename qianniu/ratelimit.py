"""A small limit on how often one address may submit a form (sign-in, registration), in Django's cache."""

from functools import wraps

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


def limit_posts(*, scope: str, count: int, seconds: int):
    """Refuse a POST (429) once an address has sent `count` in `seconds`; GETs are never limited."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                key = f"ratelimit:{scope}:{request.META.get('REMOTE_ADDR', '')}"
                cache.add(key, 0, timeout=seconds)
                try:
                    used = cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=seconds)
                    used = 1
                if used > count:
                    message = _("Too many attempts from this device. Please wait a few minutes and try again.")
                    return render(request, "qianniu/too_many.html", {"message": message}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
