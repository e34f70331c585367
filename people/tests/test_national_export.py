"""The national system's items (docs/transfer.md): full numbers for the area's admin, logged; masked otherwise;
no other county's rows; no formula."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from ledger.services import entry_append
from people.models import AccessLog, Role
from qianniu.tests import factories as f


def _values(response):
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    return [cell.value for cell in cells]


def test_the_admin_exports_the_area_s_volunteers_with_full_numbers_and_each_read_is_logged(world, login):
    url = reverse("people:volunteer_national_export")
    values = _values(login(world.county_admin).get(url, {"export": "xlsx"}))
    assert {"志愿者编号", "证件号码", "联系方式", "专业技能", "服务类别"} <= set(values)
    assert world.volunteer.id_number in values and "13912345678" in values
    assert "张山" not in values and world.foreign_volunteer.id_number not in values
    logged = AccessLog.objects.filter(user=world.county_admin, field_name="national_export")
    assert world.volunteer.pk in set(logged.values_list("subject_id", flat=True))
    assert world.foreign_volunteer.pk not in set(logged.values_list("subject_id", flat=True))


def test_the_export_is_logged_before_its_first_byte_so_an_aborted_download_is_recorded(world, login):
    response = login(world.county_admin).get(reverse("people:volunteer_national_export"), {"export": "csv"})
    assert response.status_code == 200  # nothing of the file has been read yet
    logged = set(AccessLog.objects.filter(field_name="national_export").values_list("subject_id", flat=True))
    assert world.volunteer.pk in logged and world.other_volunteer.pk in logged
    assert world.foreign_volunteer.pk not in logged
    # The download is abandoned. Closing a response ends the request, which closes the database connection
    # outside a test; the test client keeps it open only around a response it read to the end, so do as it does.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert AccessLog.objects.filter(field_name="national_export", subject_id=world.volunteer.pk).count() == 1


def test_an_admin_exports_every_volunteer_they_see_those_they_may_not_change_masked_and_unlogged(world, login):
    # The county's admin also works as a social worker in another county: they see its volunteers, masked,
    # but may not change them, so those rows go out masked and are not logged as read in full.
    f.grant(world.county_admin, Role.SOCIAL_WORKER, region=world.foreign_community)
    values = _values(login(world.county_admin).get(reverse("people:volunteer_national_export"), {"export": "xlsx"}))
    assert "张山" in values and world.foreign_volunteer.masked_id in values
    assert world.foreign_volunteer.id_number not in values
    assert "张三" in values and world.volunteer.id_number in values and "13912345678" in values
    logged = set(AccessLog.objects.filter(field_name="national_export").values_list("subject_id", flat=True))
    assert world.volunteer.pk in logged and world.foreign_volunteer.pk not in logged


def test_a_social_worker_gets_the_same_items_masked(world, login):
    values = _values(login(world.social_worker).get(reverse("people:volunteer_national_export"), {"export": "xlsx"}))
    assert "张三" in values
    assert world.volunteer.masked_id in values and world.volunteer.id_number not in values
    assert "139****5678" in values
    assert not AccessLog.objects.filter(field_name="national_export").exists()


def test_service_records_go_out_in_the_items_of_art_7_for_the_area_only(world, login):
    common = dict(
        kind="service", by=world.county_admin, on=datetime.date.today(), place="团结社区", content="=cmd()",
        hours=Decimal("1.5"), organiser="团结社区牵牛花志愿服务队", lead="吴乌兰",
    )  # fmt: skip
    entry_append(volunteer=world.volunteer, activity_name="助老理发", **common)
    entry_append(volunteer=world.foreign_volunteer, activity_name="外县活动", **common | {"by": world.outsider})
    values = _values(login(world.county_admin).get(reverse("ledger:national_export"), {"export": "xlsx"}))
    assert {"活动名称", "服务日期", "服务地点", "服务内容", "服务时长（小时）", "组织单位", "活动负责人"} <= set(values)
    assert "助老理发" in values and 1.5 in values and "'=cmd()" in values
    assert "外县活动" not in values
    outsider = _values(login(world.outsider).get(reverse("ledger:national_export")))
    assert "外县活动" in outsider and "助老理发" not in outsider
