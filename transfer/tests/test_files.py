"""Hostile and unusual files: each gets a clear message in Chinese and changes nothing."""

import io
import zipfile
from pathlib import Path

import pytest

from people.models import Volunteer
from transfer.files import Formula, Unreadable, read_table
from transfer.models import Status
from transfer.tests.conftest import HEADER, csv_bytes, good_rows, xlsx
from transfer.tests.test_roster import checked

DATA = Path(__file__).parent / "data"


def test_a_formula_is_refused_as_text_and_never_run(world):
    rows = good_rows(2)
    rows[1][0] = '=HYPERLINK("http://example.com","点我")'
    job = checked(world, xlsx([HEADER, *rows]))
    assert [(p["row"], p["column"], p["reason"]) for p in job.problems] == [
        (3, "姓名", "单元格是公式；系统不执行公式。请改为粘贴数值。")
    ]
    assert job.problems[0]["value"].startswith("=HYPERLINK")


def test_a_formula_in_a_csv_is_refused_too(world):
    rows = good_rows(1)
    rows[0][2] = "=1+1"
    job = checked(world, csv_bytes([HEADER, *rows]), filename="r.csv")
    assert job.problems[0]["reason"] == "单元格是公式；系统不执行公式。请改为粘贴数值。"


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (zip_bomb(), "bomb.xlsx", "疑似压缩炸弹"),
        (b"PK\x03\x04 not really", "fake.xlsx", "这不是 .xlsx、.xls 或 .csv 表格"),
        (b"%PDF-1.4 a document", "fake.xls", "这不是 .xlsx、.xls 或 .csv 表格"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "program.csv", "这不是 .xlsx、.xls 或 .csv 表格"),
        (b"", "empty.csv", "文件是空的"),
        ("姓名,证件号码\n".encode("utf-16"), "wide.csv", "这不是 .xlsx、.xls 或 .csv 表格"),
    ],
)
def test_a_hostile_file_gets_a_clear_message_and_changes_nothing(world, content, filename, message):
    before = Volunteer.objects.count()
    job = checked(world, content, filename=filename)
    assert job.status == Status.FAILED and message in job.message
    assert Volunteer.objects.count() == before


def test_a_file_over_the_size_limit_is_not_read():
    with pytest.raises(Unreadable, match="too_large"):
        read_table(b"x" * (20 * 1024 * 1024 + 1), "big.csv")


def test_the_upload_form_refuses_a_200_mb_file_with_a_clear_message(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from transfer.forms import UploadForm

    upload = SimpleUploadedFile("huge.xlsx", b"PK")
    upload.size = 200 * 1024 * 1024  # the size Django reports for a streamed upload; no need to hold 200 MB here
    form = UploadForm({"kind": "volunteers", "region": world.county.pk}, {"file": upload}, user=world.county_admin)
    assert not form.is_valid()
    assert form.errors["file"] == ["文件超过 20 MB。请拆成几个文件分别导入。"]


def test_a_million_empty_rows_end_the_sheet(world):
    content = csv_bytes([HEADER, *good_rows(2)]) + b",,,,,,\n" * 1_000_000 + csv_bytes(good_rows(1, start=5))
    table = read_table(content, "r.csv")
    assert len(table.rows) == 2  # the row after the empty million is not read


def test_an_xlsx_declaring_a_million_rows_is_read_to_its_last_filled_row(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(good_rows(1)[0])
    sheet.cell(row=1_000_000, column=1, value=None)
    sheet["A1048576"] = ""  # an empty cell at the very bottom
    out = io.BytesIO()
    book.save(out)
    assert len(read_table(out.getvalue(), "r.xlsx").rows) == 1


def test_too_many_rows_are_refused(world, monkeypatch):
    monkeypatch.setattr("transfer.files.MAX_ROWS", 3)
    job = checked(world, csv_bytes([HEADER, *good_rows(4)]), filename="r.csv")
    assert job.status == Status.FAILED and job.message == "文件超过 3 行。请拆成几个文件分别导入。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_and_gb18030_is_read(world, encoding):
    job = checked(world, csv_bytes([HEADER, *good_rows(2)], encoding), filename="r.csv")
    assert job.status == Status.CHECKED and job.problems == [] and job.total_rows == 2


def test_an_old_xls_workbook_is_read_with_its_dates(world):
    table = read_table((DATA / "roster.xls").read_bytes(), "roster.xls")
    assert table.header == ["姓名", "证件号码", "手机号码", "所在地区", "出生日期"]
    assert table.rows == [(2, ["老格式", "150521198506150013", "13700005555", "保康镇团结社区", "1985-06-15"])]
    job = checked(world, (DATA / "roster.xls").read_bytes(), filename="roster.xls")
    assert job.status == Status.CHECKED and job.problems == []


def test_formula_cells_come_out_as_formula_text():
    table = read_table(xlsx([["姓名"], ["=1+1"]]), "r.xlsx")
    assert isinstance(table.rows[0][1][0], Formula) and table.rows[0][1][0] == "=1+1"
