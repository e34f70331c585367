"""Reading an uploaded table (.xlsx, .xls, .csv) into header and rows of text, with the limits that keep a
hostile file from costing more than a refusal. Plain Python and the readers' libraries, no Django.

Every cell comes out as a stripped string; a formula comes out as `Formula(text)`, never evaluated, so the
caller refuses it. A file that is too large, a zip bomb, a file that is not what its name says, or a sheet
of endless rows raises `Unreadable` with a code the caller turns into a message.
"""

import csv
import datetime
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from transfer import sheetxml

MAX_BYTES = 20 * 1024 * 1024  # an uploaded file; 76,000 roster rows are about 8 MB as .xlsx
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # all parts of an .xlsx, uncompressed
MAX_RATIO = 200  # uncompressed / compressed size of one part; XML compresses about 10-30 times
MAX_PARTS = 2000
MAX_ROWS = 100_000  # data rows of one file
MAX_EMPTY_RUN = 1000  # consecutive empty rows that end the sheet
MAX_COLUMNS = 100


class Unreadable(ValueError):
    """The file cannot be read; `code` names why ("too_large", "zip_bomb", "not_a_table", "damaged" (rows or
    cells out of place, `row`), "too_many_rows", "no_header", "encoding")."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


Formula = sheetxml.Formula  # the text of a formula cell, kept as text and refused by the checks


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _collect(rows: Iterator[tuple[int, list]]) -> Table:
    """The first non-empty row is the header; data rows follow until MAX_EMPTY_RUN empty rows in a row."""
    header: list[str] | None = None
    data: list[tuple[int, list[str]]] = []
    empty_run = 0
    for number, cells in rows:
        cells = cells[:MAX_COLUMNS]
        if not any(cell not in ("", None) for cell in cells):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if header is None:
            header = [_text(cell).replace("\n", "").replace(" ", "").replace("*", "") for cell in cells]
            continue
        if len(data) >= MAX_ROWS:
            raise Unreadable("too_many_rows", limit=MAX_ROWS)
        data.append((number, cells))
    if header is None:
        raise Unreadable("no_header")
    return Table(header=header, rows=data)


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise Unreadable("not_a_table") from None
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise Unreadable("zip_bomb")
    total = 0
    for part in parts:
        total += part.file_size
        if total > MAX_UNZIPPED_BYTES or part.file_size > MAX_RATIO * max(part.compress_size, 1024):
            raise Unreadable("zip_bomb")
    if "xl/workbook.xml" not in archive.namelist():
        raise Unreadable("not_a_table")


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list]]:
    """The first sheet through `transfer.sheetxml` (expat, no cell objects). Rows the XML skips come out as
    empty rows, up to MAX_EMPTY_RUN of them, so that a gap ends the sheet as a run of empty rows does."""
    _check_zip(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    expected = 1
    try:
        for number, values in sheetxml.sheet_rows(archive, MAX_COLUMNS):
            for skipped in range(expected, min(number, expected + MAX_EMPTY_RUN)):
                yield skipped, []
            expected = number + 1
            yield number, [value if isinstance(value, Formula) else _text(value) for value in values]
    except sheetxml.Misplaced as error:
        raise Unreadable("damaged", row=error.row) from None
    except (sheetxml.Damaged, expat.ExpatError, KeyError, ValueError, IndexError, OverflowError, zipfile.BadZipFile):
        raise Unreadable("not_a_table") from None


def _xls_rows(content: bytes) -> Iterator[tuple[int, list]]:
    import xlrd  # noqa: PLC0415 - loaded only for .xls uploads

    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception:  # xlrd raises XLRDError, CompDocError, struct errors … for what is not a workbook
        raise Unreadable("not_a_table") from None
    for index in range(sheet.nrows):
        cells = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                cells.append(_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
            elif cell.ctype == xlrd.XL_CELL_TEXT and cell.value.startswith("="):
                cells.append(Formula(cell.value))
            else:
                cells.append(_text(cell.value))
        yield index + 1, cells


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("encoding")


def _csv_rows(content: bytes) -> Iterator[tuple[int, list]]:
    if b"\x00" in content[:4096]:
        raise Unreadable("not_a_table")
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [Formula(cell) if cell.startswith("=") else cell.strip() for cell in row]
    except csv.Error:
        raise Unreadable("not_a_table") from None


FORMULA_MARK = "\x00"


def pack(table: Table) -> bytes:
    """The table as compressed JSON, a formula marked, so that the commit need not read the workbook again."""
    rows = [
        [number, [FORMULA_MARK + c if isinstance(c, Formula) else c for c in cells]] for number, cells in table.rows
    ]
    return zlib.compress(json.dumps([table.header, rows], ensure_ascii=False).encode(), 1)


def unpack(packed: bytes) -> Table:
    header, rows = json.loads(zlib.decompress(packed))
    marked = [(n, [Formula(c[1:]) if c.startswith(FORMULA_MARK) else c for c in cells]) for n, cells in rows]
    return Table(header=header, rows=marked)


def read_table(content: bytes, filename: str) -> Table:
    if len(content) > MAX_BYTES:
        raise Unreadable("too_large", limit_mb=MAX_BYTES // (1024 * 1024))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith(".xls"):
        rows = _xls_rows(content)
    elif name.endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise Unreadable("not_a_table")
    return _collect(rows)
