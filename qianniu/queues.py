"""The work queues at the top of the home page, and the full list of each, from the providers the apps
registered with core.queues."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from core.access import signed_in
from core.paging import keyset_page
from core.queues import queue_provider, queue_providers

PREVIEW = 5  # items of each queue shown on the home page, oldest first


def _full_list_url(provider) -> str:
    return provider.list_url() if provider.list_url else reverse("waiting", args=[provider.key])


def home_queues(user) -> list[dict]:
    """One section per provider that has something of its kind for the user: its count, its oldest items
    (each with its age and link) and the link to all of them."""
    sections = []
    for provider in queue_providers():
        items = provider.items(user)
        if items is None:
            continue
        field = provider.order.lstrip("-")
        oldest = list(items.order_by(field, "pk")[:PREVIEW])
        count = len(oldest) if len(oldest) < PREVIEW else items.order_by().count()
        sections.append(
            {
                "key": provider.key,
                "label": provider.label,
                "count": count,
                "items": [provider.describe(obj) for obj in oldest],
                "url": _full_list_url(provider),
            }
        )
    return sections


@signed_in
def waiting(request, key):
    """All of one queue for the user, oldest first, paged; the items come from the provider's scoped query."""
    provider = queue_provider(key)
    items = provider.items(request.user) if provider else None
    if items is None:
        raise Http404
    page = keyset_page(items, request, order=provider.order)
    lines = [provider.describe(obj) for obj in page.items]
    return render(request, "qianniu/waiting.html", {"provider": provider, "page": page, "lines": lines})
