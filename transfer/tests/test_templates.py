"""Every kind's template, fetched as an importer fetches it: its headers in order, an example row, the guide
sheet, and a template filled in as it comes imports without a problem of its headers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from transfer.kinds import IMPORTS
from transfer.kinds.common import match_header
from transfer.models import Kind

HEADERS = {
    "volunteers": ["姓名", "证件类型", "证件号码", "手机号码", "性别", "出生日期", "所在地区", "居住地址",
                   "志愿者类别", "专业技能", "服务类别", "志愿者编号"],
    "national": ["志愿者编号", "姓名", "性别", "证件类型", "证件号码", "出生日期", "政治面貌", "手机号码",
                 "所属区域", "现居住地址", "志愿服务类别", "技能特长"],
    "recipients": ["姓名", "证件号码", "性别", "出生日期", "所在地区", "居住地址", "联系电话", "服务对象类别",
                   "标签", "监护人或联系人", "关系", "联系人电话"],
}  # fmt: skip
REQUIRED = {
    "volunteers": {"姓名", "证件号码", "手机号码", "所在地区"},
    "national": {"姓名", "证件号码", "手机号码", "所属区域"},
    "recipients": {"姓名", "证件号码", "所在地区"},
}


def template(client, kind):
    response = client.get(reverse("transfer:template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{kind}-template.xlsx"
    return load_workbook(io.BytesIO(response.content), read_only=True)


@pytest.mark.parametrize("kind", list(HEADERS))
def test_the_template_of_each_kind_has_its_headers_an_example_and_a_guide(world, login, kind):
    book = template(login(world.county_admin), kind)
    assert book.sheetnames == ["导入", "填写说明"]
    header, example = list(book["导入"].iter_rows(values_only=True))
    assert list(header) == HEADERS[kind]
    assert all(example[header.index(name)] for name in REQUIRED[kind])  # the required columns have an example
    guide = list(book["填写说明"].iter_rows(values_only=True))
    assert guide[0] == ("列名", "必填", "可填的值", "也认得的列名")
    assert [row[0] for row in guide[1:]] == HEADERS[kind]
    assert {row[0] for row in guide[1:] if row[1] == "是"} == REQUIRED[kind]


def test_the_national_template_names_the_political_statuses_and_knows_our_own_headers(world, login):
    guide = {
        row[0]: row for row in template(login(world.county_admin), "national")["填写说明"].iter_rows(values_only=True)
    }
    assert guide["政治面貌"][2].startswith("中共党员、共青团员、群众")
    assert "志愿者类别" in guide["政治面貌"][3] and "所在地区" in guide["所属区域"][3]
    # a roster under our own template's headers is read by the national kind too
    positions, missing, ignored = match_header(HEADERS["volunteers"], IMPORTS["national"].columns)
    assert missing == [] and ignored == [] and len(positions) == len(HEADERS["volunteers"])


def test_every_kind_has_a_template_and_only_staff_fetch_it(world, login):
    for kind in Kind.values:
        assert login(world.county_admin).get(reverse("transfer:template", args=[kind])).status_code == 200
        assert login(world.volunteer_user).get(reverse("transfer:template", args=[kind])).status_code == 404
    assert login(world.county_admin).get(reverse("transfer:template", args=["nothing"])).status_code == 404
