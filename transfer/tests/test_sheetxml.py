"""The expat reader of .xlsx sheets gives what openpyxl gives, value for value, and refuses what is not a
workbook."""

import datetime
import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from transfer.files import Formula, Unreadable, read_table
from transfer.models import Status
from transfer.run import file_message, job_check
from transfer.services import import_job_create
from transfer.sheetxml import sheet_rows


def rich_workbook(*, date1904: bool = False) -> bytes:
    book = Workbook()
    if date1904:
        book.epoch = datetime.datetime(1904, 1, 1)
    sheet = book.active
    sheet.title = "名册"
    sheet.append(["姓名", "数量", "比例", "出生日期", "时间", "是否", "公式", "空", "富文本"])
    sheet.append(["  张三 ", 12, 0.25, datetime.date(1985, 6, 15), datetime.datetime(2026, 10, 29, 9, 30), True,
                  "=SUM(B2:C2)", None, CellRichText(["团结", TextBlock(InlineFont(b=True), "社区")])])  # fmt: skip
    sheet.append([None, None, 3.0, "2026-01-01"])
    sheet["Z5"] = "远处"
    sheet["B5"].number_format = "yyyy年m月d日"
    sheet["B5"] = datetime.date(2020, 2, 29)
    sheet["A9"] = 1.5e20
    book.create_sheet("第二页")["A1"] = "not read"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("date1904", [False, True])
def test_the_expat_reader_reads_what_openpyxl_reads(date1904):
    content = rich_workbook(date1904=date1904)
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=False, rich_text=False).worksheets[0]
    theirs = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if values:
            theirs.append((number, values))
    ours = [(n, values) for n, values in sheet_rows(zipfile.ZipFile(io.BytesIO(content)), 100) if values]
    assert ours == theirs
    assert isinstance(ours[1][1][6], Formula) and ours[1][1][3] == datetime.datetime(1985, 6, 15)


def test_read_table_keeps_the_row_numbers_of_the_sheet():
    table = read_table(rich_workbook(), "r.xlsx")
    assert table.header[:3] == ["姓名", "数量", "比例"]
    assert [number for number, _cells in table.rows] == [2, 3, 5, 9]
    assert table.rows[0][1][:6] == ["张三", "12", "0.25", "1985-06-15", "2026-10-29 09:30:00", "是"]
    assert table.rows[2][1][1] == "2020-02-29" and table.rows[2][1][25] == "远处"


def test_a_workbook_declaring_entities_is_not_a_table():
    content = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(rich_workbook())) as source, zipfile.ZipFile(content, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>' + data.split(b"?>", 1)[-1]
            target.writestr(item, data)
    with pytest.raises(Unreadable, match="not_a_table"):
        read_table(content.getvalue(), "r.xlsx")


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_shared_strings_as_excel_and_wps_write_them_are_read():
    """Excel writes text as shared strings (openpyxl writes inline strings): a workbook made by hand."""
    parts = {
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{R_NS}"><sheets>'
        '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{R_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{R_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN_NS}"><si><t>姓名</t></si><si><t xml:space="preserve"> 张三 </t>'
        '</si><si><r><t>团结</t></r><r><rPr><b/></rPr><t>社区</t></r><rPh sb="0" eb="1"><t>ダン</t></rPh></si></sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>42</v></c><c r="C3" t="b"><v>0</v></c></row>'
        "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    table = read_table(out.getvalue(), "r.xlsx")
    assert table.header == ["姓名", "", "团结社区"]
    assert table.rows == [(3, ["张三", "42", "否"])]


def hand_built(sheet_data: str) -> bytes:
    """A workbook made by hand around the sheet's <sheetData> content (inline strings, no shared ones)."""
    parts = {
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{R_NS}"><sheets>'
        '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{R_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{cell("A1", "姓名")}{cell("B1", "手机号码")}</row>'


@pytest.mark.parametrize(
    ("rows", "near"),
    [
        # rows given backwards: row 3 after row 4 would be read into the wrong place
        (f'<row r="4">{cell("A4", "张三")}</row><row r="3">{cell("A3", "李四")}</row>', 3),
        (f'<row r="2">{cell("A2", "张三")}</row><row r="2">{cell("A2", "李四")}</row>', 2),
        (f'<row r="0">{cell("A0", "张三")}</row>', 0),
        (f'<row r="x">{cell("A2", "张三")}</row>', 2),
        # a cell reference without a column (read as column -1, it overwrote the row's last cell), malformed, or
        # of another row, or cells of one row given backwards
        (f'<row r="2">{cell("A2", "张三")}{cell("2", "李四")}</row>', 2),
        (f'<row r="2">{cell("A2", "张三")}{cell("b2", "李四")}</row>', 2),
        (f'<row r="2">{cell("A2", "张三")}{cell("B-2", "李四")}</row>', 2),
        (f'<row r="2">{cell("A2", "张三")}{cell("B7", "李四")}</row>', 2),
        (f'<row r="2">{cell("B2", "张三")}{cell("A2", "李四")}</row>', 2),
        (f'<row r="2">{cell("ABCD2", "张三")}</row>', 2),
    ],
)
def test_rows_or_cells_out_of_place_make_a_damaged_file_not_a_misread_one(rows, near):
    with pytest.raises(Unreadable) as raised:
        read_table(hand_built(HEADER_ROW + rows), "r.xlsx")
    assert (raised.value.code, raised.value.params) == ("damaged", {"row": near})
    with translation.override("zh-hans"):
        assert file_message(raised.value).startswith(f"文件已损坏：第 {near} 行附近的行或单元格位置错乱。")


def test_a_hand_built_sheet_in_order_is_read_and_a_damaged_one_fails_the_job_with_the_reason(world):
    good = HEADER_ROW + f'<row r="2">{cell("A2", "张三")}<c t="inlineStr"><is><t>13912345678</t></is></c></row>'
    assert read_table(hand_built(good), "r.xlsx").rows == [(2, ["张三", "13912345678"])]
    bad = HEADER_ROW + f'<row r="3">{cell("A3", "张三")}</row><row r="2">{cell("A2", "李四")}</row>'
    job = import_job_create(by=world.county_admin, region=world.county, kind="volunteers", filename="r.xlsx",
                            content=hand_built(bad))  # fmt: skip
    job_check(job.pk)
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.message.startswith("文件已损坏：第 2 行附近")
