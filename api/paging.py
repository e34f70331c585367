"""Keyset pages for the API: the pages' own pager (core/paging.py), `?after=<id>&limit=<n>`."""

from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

from core.paging import keyset_page

T = TypeVar("T")
MAX_LIMIT = 100


class Page(Schema, Generic[T]):
    items: list[T]
    next_after: int | None = Field(description="Pass as `after` for the next page; null on the last page.")
    total: int = Field(description="The number of rows, counted up to 10,000.")
    total_is_capped: bool


def page_of(request, queryset, to_out, *, limit: int, order: str = "-pk") -> dict:
    page = keyset_page(queryset, request, order=order, per_page=min(max(limit, 1), MAX_LIMIT))
    return {
        "items": [to_out(item) for item in page.items],
        "next_after": page.next_after,
        "total": page.total,
        "total_is_capped": page.total_is_capped,
    }
