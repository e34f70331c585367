"""Documents of headed tables (reports, evaluations) as a download: one .xlsx sheet or a Chinese PDF.

A document is a title, lines under it and tables, each (heading, header row, rows); values are text, numbers
(Decimal), dates or None (written as "–" in the PDF, an empty cell in the sheet). Sheet cells are neutralised
against formula injection as the list exports are (core/export.py).
"""

from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse

from core.export import XLSX_TYPE, neutralise
from core.pdf import tables_pdf
from core.xlsx import stream_xlsx

Tables = list[tuple[str, list, list[list]]]


def _text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return str(value)


def _filename(title: str, ext: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(title + '.' + ext)}"


def xlsx_response(title: str, lines: list[str], tables: Tables) -> StreamingHttpResponse:
    """One sheet: the title, its lines, then each table under its heading."""

    def rows():
        yield [title]
        for line in lines:
            yield [line]
        for name, header, body in tables:
            yield []
            yield [name]
            yield header
            for row in body:
                yield [neutralise(value) for value in row]

    response = StreamingHttpResponse(stream_xlsx(rows(), sheet=title[:31]), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _filename(title, "xlsx")
    response["Cache-Control"] = "no-store"
    return response


def pdf_response(title: str, lines: list[str], tables: Tables) -> HttpResponse:
    tables = [(name, header, [[_text(value) for value in row] for row in body]) for name, header, body in tables]
    response = HttpResponse(tables_pdf(title, lines, tables), content_type="application/pdf")
    response["Content-Disposition"] = _filename(title, "pdf")
    response["Cache-Control"] = "no-store"
    return response
