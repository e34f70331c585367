"""Walking a paged list through HTTP, the way a person does: follow the visible "next page" link to the end."""

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

NEXT = re.compile(r'<a [^>]*rel="next"[^>]*href="([^"]+)"')
TOTAL = re.compile(r'data-testid="total"[^>]*>([^<]*)<')


def walk(
    client, url: str, row: str, *, limit: int = 100, prefix: str | None = None
) -> tuple[list[str], list[str], list[int]]:
    """Every row id (the first group of `row`) on every page, each page's shown total, and each page's query
    count. On a page with several lists, `prefix` names the list whose "next page" is followed."""
    next_link = NEXT if prefix is None else re.compile(rf'<a [^>]*rel="next"[^>]*href="([^"]*[?&;]{prefix}after=\d+)"')
    ids, totals, queries, pages = [], [], [], 0
    while url and pages < limit:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        ids += re.findall(row, body)
        totals += [t.strip() for t in TOTAL.findall(body)]
        queries.append(len(captured))
        found = next_link.search(body)
        url = url.split("?")[0] + html.unescape(found.group(1)) if found else None
        pages += 1
    return ids, totals, queries
