"""htmx requests (django-htmx's `request.htmx`), and the one rule for a URL that answers both a partial and a
full page: the response varies on HX-Request, so no cache and no back button serves one for the other."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

VARY = ("HX-Request",)


def is_htmx(request) -> bool:
    """A partial update asked for by htmx (it sends HX-Request: true)."""
    htmx = getattr(request, "htmx", None)  # set by django_htmx's HtmxMiddleware
    return bool(htmx) if htmx is not None else request.headers.get("HX-Request") == "true"


def partial_or_page(request, full_template: str, partial_template: str, context: dict):
    """The partial for htmx, the full page otherwise, with `Vary: HX-Request` on both."""
    response = render(request, partial_template if is_htmx(request) else full_template, context)
    patch_vary_headers(response, VARY)
    return response
