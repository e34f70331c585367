"""The person pickers' search endpoint: htmx asks it for radio buttons, a script for JSON, a browser without
JavaScript gets a plain search page whose results link back to the form. Each searches only the people the
user may choose (recipients of their area, volunteers they may see), so a user of another region finds
nobody there."""

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from core.access import scoped
from core.htmx import VARY, is_htmx
from core.ratelimit import limit_reads
from people.selectors import pickable_recipients, pickable_volunteers, recipient_choices, volunteer_choices

FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,40}$")
SEARCHES_A_MINUTE = 120


def _next_url(request) -> str:
    """Where the plain search page sends the choice back: `next`, else the page it came from, on this site."""
    target = request.GET.get("next") or request.META.get("HTTP_REFERER", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target.split("?")[0]
    return ""


def _answer(request, people, more: bool, kind: str):
    field = request.GET.get("field", "")
    field = field if FIELD_NAME.match(field) else kind
    term = request.GET.get("q") or request.GET.get(f"{field}_q", "")
    context = {"people": people, "more": more, "field": field, "q": term, "kind": kind, "next": _next_url(request)}
    if request.GET.get("format") == "json":
        response = JsonResponse({"results": [p.as_json() for p in people], "more": more})
    elif is_htmx(request):
        response = render(request, "people/partials/pick_results.html", context)
    else:
        response = render(request, "people/pick_page.html", context)
    patch_vary_headers(response, VARY)
    return response


def _term(request, kind: str) -> str:
    field = request.GET.get("field", kind)
    return (request.GET.get("q") or request.GET.get(f"{field}_q", "")).strip()[:60]


@scoped("recipient")
@limit_reads(scope="pick", count=SEARCHES_A_MINUTE, seconds=60)
def pick_recipients(request):
    term = _term(request, "recipient")
    people, more = recipient_choices(pickable_recipients(request.user), term) if term else ([], False)
    return _answer(request, people, more, "recipient")


@scoped("volunteer")
@limit_reads(scope="pick", count=SEARCHES_A_MINUTE, seconds=60)
def pick_volunteers(request):
    term = _term(request, "volunteer")
    people, more = volunteer_choices(pickable_volunteers(request.user), term) if term else ([], False)
    return _answer(request, people, more, "volunteer")
