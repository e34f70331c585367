import csv
import io

import pytest
from huey.contrib.djhuey import HUEY
from openpyxl import Workbook

from qianniu.tests import factories as f

HEADER = ["姓名", "证件号码", "手机号码", "所在地区", "志愿者类别", "居住地址", "出生日期"]


@pytest.fixture
def immediate_huey():
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def roster_row(
    name: str, *, phone: str, region: str = "保康镇团结社区", kind: str = "党员", id_number=None, born: str = ""
) -> list:
    return [name, id_number or f.resident_id(), phone, region, kind, "团结路 1 号", born]


def good_rows(count: int, *, start: int = 0) -> list[list]:
    return [roster_row(f"志愿者{n}", phone=f"1370000{n:04d}") for n in range(start, start + count)]
