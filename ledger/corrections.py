"""Who decides a correction request besides the volunteer's administrators, registered by the apps whose
records give hours.

`ledger` imports none of those apps: each registers, in its `AppConfig.ready()`, which waiting requests a user
decides through its records (activities: those about hours of an activity the user leads, organises or
oversees), and the ledger's pages ask the registry.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

# key -> (user) -> a filter of CorrectionRequest: the requests the user decides through that app's records.
CORRECTION_DECIDERS: dict[str, Callable[[Any], Q]] = {}
# key -> (request) -> the pks of the users first asked to decide it through that app's records (whom a new
# request is told to: the organising team's leaders), or nothing when the request is not about its records.
CORRECTION_REVIEWERS: dict[str, Callable[[Any], Iterable[int]]] = {}


def correction_reviewers_register(key: str, reviewers_of: Callable[[Any], Iterable[int]]) -> None:
    CORRECTION_REVIEWERS[key] = reviewers_of


def correction_reviewers(request) -> set[int]:
    """Whom the registered apps ask first to decide the request (empty: none of their records is its source)."""
    return {pk for reviewers_of in CORRECTION_REVIEWERS.values() for pk in reviewers_of(request) if pk}


def correction_decider_register(key: str, requests_decided_by: Callable[[Any], Q]) -> None:
    """Register (or replace, when an app is loaded again in tests) who decides the requests about one kind of
    record."""
    CORRECTION_DECIDERS[key] = requests_decided_by


def corrections_decided_through_records(user) -> Q:
    """The correction requests the user decides through the records of every registered app."""
    decided = Q()
    for requests_decided_by in CORRECTION_DECIDERS.values():
        decided |= requests_decided_by(user)
    return decided
