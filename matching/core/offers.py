"""Needs no volunteer could take, given to resources or project services instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.core.specs import PRIORITY


@dataclass(frozen=True)
class OfferSpec:
    """A resource or a project service: what field it serves, where (a region path), when, how many more."""

    id: int
    field: int | None
    area: str  # region path, e.g. "/15/1505/150521/"
    valid_from: int | None = None  # date.toordinal()
    valid_until: int | None = None
    remaining: int | None = None  # None: no limit
    kind: str | None = None  # a resource's kind ("repair", "clinic"); None for a project service


@dataclass(frozen=True)
class OfferNeed:
    id: int
    field: int | None
    place: str  # the need's region path
    day: int
    priority: int = PRIORITY["normal"]
    kinds: frozenset[str] | None = None  # the kinds of resource that fit what was asked; None: any kind


def assign_offers(needs: Sequence[OfferNeed], offers: Sequence[OfferSpec]) -> dict[int, int]:
    """Needs to resources or project services by field, kind (a lift to the hospital is never offered an
    appliance repair), area covered, validity and remaining capacity.

    Highest priority first; each need takes the offer with the narrowest area that covers it. Areas are
    regions, which nest, so taking the narrowest leaves the wider offers for needs only they reach."""
    left = {offer.id: offer.remaining for offer in offers}
    by_field: dict[int | None, list[OfferSpec]] = {}
    for offer in sorted(offers, key=lambda o: (-len(o.area), o.id)):
        by_field.setdefault(offer.field, []).append(offer)
    chosen = {}
    for need in sorted(needs, key=lambda n: (-n.priority, n.day, n.id)):
        if need.field is None:
            continue
        for offer in by_field.get(need.field, []):
            fits = (
                (offer.kind is None or need.kinds is None or offer.kind in need.kinds)
                and need.place.startswith(offer.area)
                and (offer.valid_from is None or offer.valid_from <= need.day)
                and (offer.valid_until is None or need.day <= offer.valid_until)
                and (left[offer.id] is None or left[offer.id] > 0)
            )
            if fits:
                chosen[need.id] = offer.id
                if left[offer.id] is not None:
                    left[offer.id] -= 1
                break
    return chosen
