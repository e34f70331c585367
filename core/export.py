"""Exports of lists as .xlsx and .csv: what the user sees on the list, streamed in fixed memory.

A list view declares its columns once (`Column(header, value)`, the value a function of the row) and, when
the request asks `?export=xlsx` or `?export=csv`, returns `export_response(request, queryset, columns, name)`
instead of its page: the same queryset, already scoped with `visible_to(user)` and filtered by the same
FilterSet, so an export holds exactly what the list would page through. The values are what the list shows:
masked numbers stay masked (the column calls the same `masked_*` property the page does).

Every text cell is neutralised against formula injection: a value starting with `=`, `+`, `-`, `@`, a tab or
a carriage return gets a leading `'`, so no spreadsheet runs it (OWASP "CSV injection"). The rows are read
with `iterator()` in chunks and written as they come (StreamingHttpResponse), so memory stays flat whatever
the count (bench/export_list.py).
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language

from core.xlsx import stream_xlsx

FORMATS = ("xlsx", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (translated when written) and how a row gives its value."""

    header: Any
    value: Callable[[Any], Any]


def labels(model) -> Callable[[str], str]:
    """The header of a column that shows a field of `model`: the field's verbose name."""
    return lambda name: model._meta.get_field(name).verbose_name


def choice(field_name: str) -> Callable[[Any], str]:
    """A column's value: the label of a choice field. `get_FOO_display()` costs a lazy translation and a hash per
    call; an export of 76,000 rows reads each label once per language instead."""
    labels: dict[tuple[str, Any], str] = {}

    def read(obj) -> str:
        value = getattr(obj, field_name)
        key = (get_language(), value)
        if key not in labels:
            labels[key] = force_str(dict(obj._meta.get_field(field_name).flatchoices).get(value, value or ""))
        return labels[key]

    return read


def neutralise(value):
    """A value safe to put in a spreadsheet cell: text that a spreadsheet would read as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = force_str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_format(request) -> str | None:
    """'xlsx' or 'csv' when the request asks for an export of the list, else None."""
    wanted = request.GET.get("export", "")
    return wanted if wanted in FORMATS else None


def rows_of(items: Iterable, columns: list[Column]) -> Iterator[list]:
    yield [force_str(column.header) for column in columns]
    for item in items:
        yield [neutralise(column.value(item)) for column in columns]


class _Line:
    """csv.writer writes into this; each row is handed on at once."""

    def write(self, text: str) -> str:
        return text


def _csv_bytes(rows: Iterator[list], batch: int = 500) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield "\ufeff".encode()  # a byte-order mark, so that Excel reads the file as UTF-8
    pending = []
    for row in rows:
        pending.append(writer.writerow(row))
        if len(pending) >= batch:
            yield "".join(pending).encode()
            pending.clear()
    yield "".join(pending).encode()


def _iterate(queryset) -> Iterable:
    if hasattr(queryset, "iterator"):
        return queryset.iterator(chunk_size=CHUNK)
    return queryset


def export_response(request, queryset, columns: list[Column], name: str, *, format: str | None = None):
    """A streamed download of every row of `queryset` (already scoped and filtered) with `columns`."""
    format = format or export_format(request) or "xlsx"
    rows = rows_of(_iterate(queryset), columns)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{format}"
    if format == "csv":
        response = StreamingHttpResponse(_csv_bytes(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(stream_xlsx(rows, sheet=name), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response
