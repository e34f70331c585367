import csv
import io

import openpyxl
import pytest

from core.export import Column, neutralise, rows_of
from core.xlsx import stream_xlsx


@pytest.mark.parametrize("value", ["=1+1", "+86 139", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_it_quotes_text_that_a_spreadsheet_would_run(value):
    assert neutralise(value) == "'" + value


def test_it_leaves_plain_text_numbers_and_empty_values_alone():
    assert neutralise("张三") == "张三"
    assert neutralise("139****5678") == "139****5678"
    assert neutralise(-2) == -2
    assert neutralise(None) == ""


def test_a_streamed_workbook_opens_with_every_row_as_text_and_no_formula():
    columns = [Column("名称", lambda row: row[0]), Column("数", lambda row: row[1])]
    rows = rows_of([("=cmd|' /C calc'!A0", 3), ("韩<桂>&兰\x07", 1.5)] * 700, columns)
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(stream_xlsx(rows, sheet="志愿者"))))
    sheet = workbook.active
    assert sheet.title == "志愿者"
    assert sheet.max_row == 1401
    assert [cell.value for cell in sheet[1]] == ["名称", "数"]
    assert [cell.value for cell in sheet[2]] == ["'=cmd|' /C calc'!A0", 3]
    assert [cell.value for cell in sheet[3]] == ["韩<桂>&兰", 1.5]
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_csv_rows_are_quoted_the_same_way():
    columns = [Column("名称", lambda row: row)]
    from core.export import _csv_bytes

    text = b"".join(_csv_bytes(rows_of(["=1+1", "ok"], columns))).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["名称"], ["'=1+1"], ["ok"]]
