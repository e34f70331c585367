"""The first sheet of an .xlsx read straight from its XML with expat: rows of plain values, no cell objects.

openpyxl's read-only mode builds an element and a cell object for every cell and was most of the time of an
import's check (docs/benchmarks.md); this reader gives the same values (the same numbers, dates by the
cell's number format, booleans, shared and inline strings, a formula's text) at a fraction of the cost, and
falls back on nothing: a part it cannot read makes the whole file "not a table". Documents that declare a
DTD are refused, so no entity is ever expanded. openpyxl still decides which number formats are dates.
"""

import datetime
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CJK_DATE_FORMATS = {*range(27, 37), *range(50, 59)}  # built-in date formats of Chinese, Japanese, Korean Excel
CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]*)")  # A1 … XFD1048576: up to three letters, a row from 1
CHUNK = 1 << 16


class Damaged(ValueError):
    pass


class Misplaced(Damaged):
    """Rows or cells out of place: a row given after a later one or twice, a row number or cell reference
    that is malformed or names another row, cells of a row given backwards. Read on, values would land in the
    wrong rows or columns, so the file is damaged (`row`: the row it was noticed at)."""

    def __init__(self, row: int):
        super().__init__(f"rows or cells out of place near row {row}")
        self.row = row


class Formula(str):
    """The text of a formula cell, "=…" (transfer.files names it again for its callers)."""


def _parser(start=None, end=None, text=None):
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def refuse(*_args):
        raise Damaged("a DTD in a workbook part")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start:
        parser.StartElementHandler = lambda name, attrs: start("{" + name if "}" in name else name, attrs)
    if end:
        parser.EndElementHandler = lambda name: end("{" + name if "}" in name else name)
    if text:
        parser.CharacterDataHandler = text
    return parser


def _parse_whole(archive: zipfile.ZipFile, name: str, start=None, end=None, text=None) -> None:
    parser = _parser(start, end, text)
    with archive.open(name) as part:
        parser.ParseFile(part)


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, str | None, str | None, bool]:
    """(sheet part, shared strings part, styles part, 1904 dates) from the workbook and its relationships."""
    sheets, flags = [], {"date1904": False}

    def on_workbook(name, attrs):
        if name == MAIN + "sheet":
            sheets.append(attrs.get(REL[1:-1] + "}id") or attrs.get(REL + "id"))
        elif name == MAIN + "workbookPr":
            flags["date1904"] = attrs.get("date1904") in {"1", "true"}

    _parse_whole(archive, "xl/workbook.xml", start=on_workbook)
    targets, kinds = {}, {}

    def on_rels(name, attrs):
        if name == PACKAGE_REL + "Relationship":
            target = attrs.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[attrs.get("Id")] = target
            kinds[attrs.get("Type", "").rsplit("/", 1)[-1]] = target

    _parse_whole(archive, "xl/_rels/workbook.xml.rels", start=on_rels)
    if not sheets or sheets[0] not in targets:
        raise Damaged("no sheet")
    names = set(archive.namelist())
    shared = kinds.get("sharedStrings")
    styles = kinds.get("styles")
    return (
        targets[sheets[0]],
        shared if shared in names else None,
        styles if styles in names else None,
        flags["date1904"],
    )


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if part is None:
        return []
    strings: list[str] = []
    state = {"in_si": False, "skip": 0, "in_t": False, "parts": []}

    def start(name, _attrs):
        if name == MAIN + "si":
            state["in_si"], state["parts"] = True, []
        elif name in {MAIN + "rPh", MAIN + "phoneticPr"}:
            state["skip"] += 1  # phonetic guides are not the text
        elif name == MAIN + "t" and state["in_si"] and not state["skip"]:
            state["in_t"] = True

    def end(name):
        if name == MAIN + "si":
            strings.append("".join(state["parts"]))
            state["in_si"] = False
        elif name in {MAIN + "rPh", MAIN + "phoneticPr"}:
            state["skip"] -= 1
        elif name == MAIN + "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"]:
            state["parts"].append(data)

    _parse_whole(archive, part, start, end, text)
    return strings


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> set[int]:
    """Indexes of the cell styles whose number format shows a date or a time."""
    if part is None:
        return set()
    custom, formats, depth = {}, [], {"xfs": False}

    def start(name, attrs):
        if name == MAIN + "numFmt":
            custom[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
        elif name == MAIN + "cellXfs":
            depth["xfs"] = True
        elif name == MAIN + "xf" and depth["xfs"]:
            formats.append(int(attrs.get("numFmtId", 0)))

    def end(name):
        if name == MAIN + "cellXfs":
            depth["xfs"] = False

    _parse_whole(archive, part, start, end)
    dates = set()
    for index, number in enumerate(formats):
        code = custom.get(number, BUILTIN_FORMATS.get(number))
        if number in CJK_DATE_FORMATS or (code and is_date_format(code)):
            dates.add(index)
    return dates


def _column(ref: str, row: int) -> int:
    """The 0-based column of a cell reference of row `row` ("C7" in row 7 is 2); Misplaced for a malformed one
    ("7", "c7", "C-7") or one of another row."""
    match = CELL_REF.fullmatch(ref)
    if not match or int(match.group(2)) != row:
        raise Misplaced(row)
    index = 0
    for char in match.group(1):
        index = index * 26 + ord(char) - 64
    return index - 1


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        return float(text)


def sheet_rows(archive: zipfile.ZipFile, max_columns: int) -> Iterator[tuple[int, list]]:
    """(row number, values) of the first sheet, in order; values as openpyxl gives them (str, int, float,
    bool, datetime, Formula), None for an empty cell, trailing empties dropped. Rows the XML skips are not
    yielded: the caller numbers rows by what it is given. Rows or cells out of place raise Misplaced."""
    sheet, shared_part, styles_part, date1904 = _first_sheet(archive)
    shared = _shared_strings(archive, shared_part)
    dates = _date_styles(archive, styles_part)
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    done: list[tuple[int, list]] = []
    row: dict = {"number": 0, "cells": [], "next_col": 0}
    cell: dict = {}
    buffer: list[str] = []
    capture = {"on": False}

    def start(name, attrs):
        if name == MAIN + "c":
            ref = attrs.get("r")
            column = _column(ref, row["number"]) if ref else row["next_col"]
            if column < row["next_col"]:  # a cell before one already read: given backwards or twice
                raise Misplaced(row["number"])
            cell.clear()
            cell.update(column=column, type=attrs.get("t", "n"), style=int(attrs.get("s", 0)), value=None, f=None)
            row["next_col"] = column + 1
        elif name in {MAIN + "v", MAIN + "t", MAIN + "f"}:
            capture["on"] = True
            buffer.clear()
        elif name == MAIN + "row":
            number = attrs.get("r")
            if number is None:
                number = row["number"] + 1
            elif not number.isdigit():
                raise Misplaced(row["number"] + 1)
            elif int(number) <= row["number"]:  # a row after a later one, or twice: rows come in order
                raise Misplaced(int(number))
            row["number"] = int(number)
            row["cells"], row["next_col"] = [], 0

    def end(name):
        if name == MAIN + "v":
            cell["value"] = "".join(buffer)
            capture["on"] = False
        elif name == MAIN + "t":  # of an inline string: its pieces add up
            cell["value"] = (cell["value"] or "") + "".join(buffer)
            capture["on"] = False
        elif name == MAIN + "f":
            cell["f"] = "".join(buffer)
            capture["on"] = False
        elif name == MAIN + "c":
            column = cell["column"]
            if column < max_columns:
                cells = row["cells"]
                cells.extend([None] * (column + 1 - len(cells)))
                cells[column] = _value(cell, shared, dates, epoch)
        elif name == MAIN + "row":
            cells = row["cells"]
            while cells and cells[-1] in (None, ""):
                cells.pop()
            done.append((row["number"], cells))

    def text(data):
        if capture["on"]:
            buffer.append(data)

    parser = _parser(start, end, text)
    with archive.open(sheet) as part:
        while chunk := part.read(CHUNK):
            parser.Parse(chunk, False)
            yield from done
            done.clear()
        parser.Parse(b"", True)
    yield from done


def _value(cell: dict, shared: list[str], dates: set[int], epoch):
    if cell["f"] is not None:
        return Formula("=" + cell["f"])
    value, kind = cell["value"], cell["type"]
    if value is None:
        return None
    if kind == "s":
        return shared[int(value)]
    if kind == "b":
        return value in {"1", "true"}
    if kind in {"str", "inlineStr", "e"}:
        return value
    if kind == "d":
        return datetime.datetime.fromisoformat(value)
    number = _number(value)
    if cell["style"] in dates:
        return from_excel(number, epoch)
    return number
