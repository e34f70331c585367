"""Keyset pagination: pages by a key, so page 1,000 costs what page 1 costs."""

from dataclasses import dataclass

from django.db.models import Q

COUNT_LIMIT = 10_000


@dataclass
class KeysetPage:
    items: list
    next_after: int | None
    prev_before: int | None
    total: int
    total_is_capped: bool
    next_query: str = ""  # the query string of the next page, every other parameter kept
    prev_query: str = ""


def _int_param(request, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def _beyond(queryset, field: str, pk: int, *, greater: bool) -> Q:
    """Rows past the row `pk` in the order (field, pk), both ascending when `greater`. The row's own value is
    read from the table unscoped: it only places the cursor, nothing of it is shown."""
    if field == "pk":
        return Q(pk__gt=pk) if greater else Q(pk__lt=pk)
    value = queryset.model._base_manager.filter(pk=pk).values_list(field, flat=True).first()
    if value is None:  # the row is gone: start again from the top rather than fail
        return Q()
    op = "gt" if greater else "lt"
    return Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk})


def _query(request, prefix: str, name: str, pk: int | None) -> str:
    if pk is None:
        return ""
    query = request.GET.copy()
    query.pop(f"{prefix}after", None)
    query.pop(f"{prefix}before", None)
    query[f"{prefix}{name}"] = pk
    return query.urlencode()


def keyset_page(queryset, request, *, order: str = "-pk", per_page: int = 50, prefix: str = "") -> KeysetPage:
    """Rows in `order` (a non-null field, `-` for descending; ties broken by pk in the same direction); newest
        first by default. `?after=<pk>` moves on past that row, `?before=<pk>` back. The total is counted up to
        COUNT_LIMIT, so a page never costs a full count of a large table. Two lists on one page take a `prefix` for
    their parameters (`?mine_after=`)."""
    descending, field = order.startswith("-"), order.lstrip("-")
    forward = [f"-{field}", "-pk"] if descending else [field, "pk"]
    backward = [name.lstrip("-") if name.startswith("-") else f"-{name}" for name in forward]
    after, before = _int_param(request, f"{prefix}after"), _int_param(request, f"{prefix}before")
    if before:
        past = _beyond(queryset, field, before, greater=descending)
        rows = list(queryset.filter(past).order_by(*backward)[: per_page + 1])
        has_newer = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        has_older = True
    else:
        base = queryset.filter(_beyond(queryset, field, after, greater=not descending)) if after else queryset
        rows = list(base.order_by(*forward)[: per_page + 1])
        items = rows[:per_page]
        has_older = len(rows) > per_page
        has_newer = after is not None
    total = queryset.order_by()[: COUNT_LIMIT + 1].count()
    next_after = items[-1].pk if items and has_older else None
    prev_before = items[0].pk if items and has_newer else None
    return KeysetPage(
        items=items,
        next_after=next_after,
        prev_before=prev_before,
        total=min(total, COUNT_LIMIT),
        total_is_capped=total > COUNT_LIMIT,
        next_query=_query(request, prefix, "after", next_after),
        prev_query=_query(request, prefix, "before", prev_before),
    )
