"""The pages: upload, the background check with its progress, the decision, the rejected rows, the templates."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from people.models import Recipient, Volunteer
from transfer.models import ImportJob, Status
from transfer.tests.conftest import HEADER, good_rows, roster_row, xlsx


def upload(client, world, content: bytes, *, kind: str = "volunteers", name: str = "roster.xlsx"):
    return client.post(
        reverse("transfer:new"),
        {"kind": kind, "region": world.county.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_an_upload_is_checked_in_the_background_and_committed_by_choice(
    world, login, immediate_huey, django_capture_on_commit_callbacks
):
    client = login(world.county_admin)
    rows = [*good_rows(3), roster_row("坏号码", phone="13800000001", id_number="150521198506150010")]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, world, xlsx([HEADER, *rows]))
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Status.CHECKED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "3 行可以导入，1 行有问题。" in page and "身份证号码的校验位不对" in page
    progress = client.get(reverse("transfer:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:commit", args=[job.pk]), {"mode": "valid"})
    job.refresh_from_db()
    assert job.status == Status.DONE and job.created_count == 3
    assert "新增 3 条，更新 0 条，0 条未变。" in client.get(job.get_absolute_url()).content.decode()

    rejected = client.get(reverse("transfer:rejected", args=[job.pk]))
    book = load_workbook(io.BytesIO(rejected.content), read_only=True)
    sheet_rows = list(book["未导入的行"].iter_rows(values_only=True))
    assert sheet_rows[0] == (*HEADER, "问题")
    assert sheet_rows[1][0] == "坏号码" and "校验位" in sheet_rows[1][-1]


def test_a_running_job_shows_a_progress_bar_that_polls(world, login):
    job = ImportJob.objects.create(
        kind="volunteers", region=world.county, created_by=world.county_admin, filename="big.xlsx",
        content=b"", status=Status.CHECKING, total_rows=76000, done_rows=19000,
    )  # fmt: skip
    page = login(world.county_admin).get(job.get_absolute_url()).content.decode()
    assert 'aria-valuenow="25"' in page and reverse("transfer:progress", args=[job.pk]) in page
    done = ImportJob.objects.create(
        kind="volunteers", region=world.county, created_by=world.county_admin, filename="done.xlsx",
        content=b"", status=Status.DONE,
    )  # fmt: skip
    assert (
        reverse("transfer:progress", args=[done.pk])
        not in login(world.county_admin).get(done.get_absolute_url()).content.decode()
    )


def test_the_template_has_chinese_headers_an_example_and_the_allowed_values(world, login):
    response = login(world.county_admin).get(reverse("transfer:template", args=["volunteers"]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, example = list(book["导入"].iter_rows(values_only=True))
    assert header[:4] == ("姓名", "证件类型", "证件号码", "手机号码")
    assert example[2] == "150521198506150013"
    guide = list(book["填写说明"].iter_rows(values_only=True))
    assert guide[9][:2] == ("志愿者类别", "否") and "退役军人" in guide[9][2]
    assert login(world.outsider).get(reverse("transfer:template", args=["nothing"])).status_code == 404


def test_a_volunteer_and_a_resident_see_no_import_pages(world, login):
    assert login(world.county_admin).get(reverse("transfer:new")).status_code == 200
    assert login(world.volunteer_user).get(reverse("transfer:new")).status_code == 404
    assert login(world.volunteer_user).get(reverse("transfer:list")).status_code == 404


def test_recipients_are_imported_through_the_recipient_services_and_not_twice(world):
    from transfer.tests.test_roster import checked, committed

    header = ["姓名", "证件号码", "所在地区", "联系电话"]
    rows = [
        ["王奶奶", "150521194003120025", "保康镇团结社区", "13600001111"],
        ["李爷爷", "15052119400312002X", "团结社区", ""],
    ]
    content = xlsx([header, *rows])
    job = checked(world, content, filename="dibao.xlsx", kind="recipients")
    assert [p["reason"] for p in job.problems] == ["身份证号码的校验位不对：有数字输错了。"]
    job = committed(job, world.county_admin, "valid")
    assert job.created_count == 1
    recipient = Recipient.objects.get(name="王奶奶")
    assert recipient.phone == "13600001111" and recipient.region == world.community and recipient.sex == "F"
    assert Volunteer.objects.filter(user__name="王奶奶").count() == 0
    again = committed(checked(world, content, filename="dibao.xlsx", kind="recipients"), world.county_admin, "valid")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert Recipient.objects.filter(name="王奶奶").count() == 1


def test_an_empty_cell_keeps_what_a_recipient_has_and_a_filled_one_changes_it(world):
    from transfer.tests.test_roster import checked, committed

    header = ["姓名", "证件号码", "所在地区", "联系电话", "居住地址"]
    first = [["王奶奶", "150521194003120025", "保康镇团结社区", "13600001111", "团结路 2 号"]]
    committed(checked(world, xlsx([header, *first]), kind="recipients"), world.county_admin, "valid")
    without_phone = [["王奶奶", "150521194003120025", "保康镇团结社区", "", "团结路 3 号"]]
    job = committed(checked(world, xlsx([header, *without_phone]), kind="recipients"), world.county_admin, "valid")
    assert (job.created_count, job.updated_count) == (0, 1)
    recipient = Recipient.objects.get(name="王奶奶")
    assert recipient.phone == "13600001111" and recipient.address == "团结路 3 号"
