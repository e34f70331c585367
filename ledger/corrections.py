"""Who decides a correction request besides the volunteer's administrators, registered by the apps whose
records give hours.

`ledger` imports none of those apps: each registers, in its `AppConfig.ready()`, which waiting requests a user
decides through its records (activities: those about hours of an activity the user leads, organises or
oversees), and the ledger's pages ask the registry.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q

# key -> (user) -> a filter of CorrectionRequest: the requests the user decides through that app's records.
CORRECTION_DECIDERS: dict[str, Callable[[Any], Q]] = {}


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
