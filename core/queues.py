"""What waits for a user: the work queues on each role's home page, filled in by the apps.

`core` imports no app, and the home page (qianniu) should not know each app's models either: every app that
has work waiting for someone registers a `QueueProvider` in its `AppConfig.ready()`. The home page shows,
for each provider with items for the user, the count and the oldest few, each with its age and a link; the
full list is the provider's own page (`list_url`) or the generic paged page `/waiting/<key>/`.

A provider's `items(user)` returns a queryset already scoped to the user (`visible_to`, `changeable_by`, or
the app's own selector) of what waits for *them*, their own requests left out (nobody decides their own), or
None when the user's scope holds nothing of the kind (the section is not shown at all).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueueItem:
    """One line of a queue: what it is, where to act on it, and since when it waits."""

    title: str
    url: str
    since: datetime.datetime | None
    detail: str = ""


@dataclass(frozen=True)
class QueueProvider:
    key: str  # "dispatch_returned": the URL of the full list is /waiting/<key>/
    label: Any  # a lazy translation: "Dispatches returned by a department"
    items: Callable[[Any], Any]  # (user) -> scoped queryset, or None when the user has nothing of the kind
    describe: Callable[[Any], QueueItem]  # (object) -> its line
    order: str = "pk"  # the keyset order of the full list, oldest first (a non-null field of the model)
    list_url: Callable[[], str] | None = None  # the app's own full list (its URL), instead of /waiting/<key>/
    position: int = 50  # where the section stands on the home page, smaller first


_providers: dict[str, QueueProvider] = {}


def queue_register(provider: QueueProvider) -> None:
    """Register (or replace, when an app is loaded again in tests) one kind of waiting work."""
    _providers[provider.key] = provider


def queue_providers() -> list[QueueProvider]:
    return sorted(_providers.values(), key=lambda p: (p.position, p.key))


def queue_provider(key: str) -> QueueProvider | None:
    return _providers.get(key)
