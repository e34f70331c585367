"""Keyset pagination: pages by primary key, so page 1,000 costs what page 1 costs."""

from dataclasses import dataclass

COUNT_LIMIT = 10_000


@dataclass
class KeysetPage:
    items: list
    next_after: int | None
    prev_before: int | None
    total: int
    total_is_capped: bool


def _int_param(request, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def keyset_page(queryset, request, *, per_page: int = 50) -> KeysetPage:
    """Newest first. `?after=<pk>` moves to older rows, `?before=<pk>` back to newer ones. The total is
    counted up to COUNT_LIMIT, so a page never costs a full count of a large table."""
    after, before = _int_param(request, "after"), _int_param(request, "before")
    if before:
        rows = list(queryset.filter(pk__gt=before).order_by("pk")[: per_page + 1])
        has_newer = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        has_older = True
    else:
        base = queryset.filter(pk__lt=after) if after else queryset
        rows = list(base.order_by("-pk")[: per_page + 1])
        items = rows[:per_page]
        has_older = len(rows) > per_page
        has_newer = after is not None
    total = queryset.order_by()[: COUNT_LIMIT + 1].count()
    return KeysetPage(
        items=items,
        next_after=items[-1].pk if items and has_older else None,
        prev_before=items[0].pk if items and has_newer else None,
        total=min(total, COUNT_LIMIT),
        total_is_capped=total > COUNT_LIMIT,
    )
