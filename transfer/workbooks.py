"""Workbooks written for the importer: the template of a kind (Chinese headers, an example row, a sheet of the
allowed values) and the rejected rows with their reasons. Every cell is written as text, so nothing in them
runs as a formula."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font


def _text_row(sheet, values, *, bold: bool = False) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.data_type = "s"  # never a formula, whatever the text begins with
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def workbook_bytes(sheets: list[tuple[str, list[list]]]) -> bytes:
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for index, row in enumerate(rows):
            sheet.append(_text_row(sheet, row, bold=index == 0))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_bytes(columns) -> bytes:
    guide = [["列名", "必填", "可填的值", "也认得的列名"]] + [
        [c.header, "是" if c.required else "否", c.allowed, "、".join(c.aliases)] for c in columns
    ]
    return workbook_bytes([("导入", [[c.header for c in columns], [c.example for c in columns]]), ("填写说明", guide)])


def _shown(value, mask) -> str:
    return mask(str(value)) if mask and value else value


def rejected_bytes(rows: list[list], problems: list[dict], masks: dict | None = None) -> bytes:
    """The rejected rows as they were sent, a last column with their reasons, and a sheet of every problem;
    `masks` (header → function) masks the numbers of those columns."""
    masks = masks or {}
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        reasons.setdefault(problem["row"], []).append(f"{problem['column']}：{problem['reason']}")
    header, *data = rows
    by_position = [masks.get(title) for title in header[1:]]
    table = [[*header[1:], "问题"]] + [
        [
            *(_shown(cell, mask) for cell, mask in zip(row[1:], by_position, strict=False)),
            "；".join(reasons.get(row[0], [])),
        ]
        for row in data
    ]
    listing = [["行号", "列", "值", "原因"]] + [
        [p["row"], p["column"], _shown(p["value"], masks.get(p["column"])), p["reason"]] for p in problems
    ]
    return workbook_bytes([("未导入的行", table), ("问题", listing)])
