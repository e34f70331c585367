"""Who is asking (the client address) and how often one address may submit a form, in the shared cache.

Every rate limit and the sign-in lockout take the client address from `client_ip`. Behind the TLS proxy of
docs/deploy.md every request arrives from the proxy's address; only when the connecting address is one of
settings.TRUSTED_PROXIES is X-Forwarded-For believed, and then only as far as the proxies wrote it.
"""

import functools
import ipaddress
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client: REMOTE_ADDR, unless that is a trusted proxy.

    A proxy appends the address it received the request from to X-Forwarded-For, so the list is written from
    left (whatever the client claimed) to right (what our own proxies saw). Walking it from the right past
    our trusted proxies, the first address that is not one of them is the client as our first proxy saw it;
    anything to its left was written by the client and is not believed. A proxy that overwrites the header
    leaves one address, which is then the client. A malformed entry stops the walk at the last good hop.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    client = remote
    if _trusted(remote, networks):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            address = _address(hop)
            if address is None:
                break
            client = address
            if not _trusted(address, networks):
                break
    return client.compressed


def count_hit(key: str, seconds: int) -> int:
    """Count one more request under `key` in a window of `seconds` that starts with the first; returns the count.

    The counter lives in Django's default cache: Redis when REDIS_URL is set, which every web process
    shares. Without it each process counts for itself (see docs/deploy.md)."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


def limit_posts(*, scope: str, count: int, seconds: int):
    """Refuse a POST (429) once a client address has sent `count` in `seconds`; GETs are never limited."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and count_hit(f"ratelimit:{scope}:{client_ip(request)}", seconds) > count:
                message = _("Too many attempts from this device. Please wait a few minutes and try again.")
                return render(request, "core/too_many.html", {"message": message}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def limit_reads(*, scope: str, count: int, seconds: int):
    """Refuse any request (429) once a signed-in user has sent `count` in `seconds`: for search-as-you-type
    endpoints, which the page already debounces, so only a script reaches the limit."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            who = request.user.pk if request.user.is_authenticated else client_ip(request)
            if count_hit(f"ratelimit:{scope}:{who}", seconds) > count:
                message = _("Too many searches in a short time. Please wait a minute and try again.")
                return render(request, "core/too_many.html", {"message": message}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
