"""The expat reader of .xlsx sheets gives what openpyxl gives, value for value, and refuses what is not a
workbook."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from transfer.files import Formula, Unreadable, read_table
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
