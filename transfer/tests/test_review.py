"""Defects of the security review: numbers shown in full, a commit that trusted the preview's scope and the
uploader, checks only the commit made, and the row-reading code each kind repeated."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.masking import mask_mobile
from dictionaries.models import RecipientTag
from people.idcard import mask_id
from people.models import Consent, ConsentKind, ConsentMethod, User, Volunteer
from transfer.models import ImportJob, Mode, Status
from transfer.run import job_check, job_commit
from transfer.services import TransferError, import_job_commit, import_job_create
from transfer.tests.conftest import HEADER, roster_row, xlsx
from transfer.tests.test_roster import bad_id, checked, committed

BAD_ID = bad_id()


def workers_job(world, rows) -> ImportJob:
    job = import_job_create(
        by=world.social_worker, region=world.community, kind="volunteers", filename="r.xlsx",
        content=xlsx([HEADER, *rows]),
    )  # fmt: skip
    job_check(job.pk)
    job.refresh_from_db()
    return job


def test_a_social_worker_sees_numbers_masked_and_a_region_admin_in_full(world, login):
    job = workers_job(world, [roster_row("坏号码", phone="13800000001", id_number=BAD_ID)])
    assert job.problems[0]["column"] == "证件号码"
    detail = reverse("transfer:detail", args=[job.pk])
    masked = login(world.social_worker).get(detail).content.decode()
    assert BAD_ID not in masked and mask_id(BAD_ID) in masked
    full = login(world.county_admin).get(detail).content.decode()
    assert BAD_ID in full

    rejected = reverse("transfer:rejected", args=[job.pk])
    book = load_workbook(io.BytesIO(login(world.social_worker).get(rejected).content), read_only=True)
    row = list(book["未导入的行"].iter_rows(values_only=True))[1]
    assert row[1] == mask_id(BAD_ID) and row[2] == mask_mobile("13800000001")
    listing = list(book["问题"].iter_rows(values_only=True))[1]
    assert listing[2] == mask_id(BAD_ID)
    book = load_workbook(io.BytesIO(login(world.county_admin).get(rejected).content), read_only=True)
    row = list(book["未导入的行"].iter_rows(values_only=True))[1]
    assert row[1] == BAD_ID and row[2] == "13800000001"


def test_only_the_uploader_commits_and_the_commit_records_who(world, login):
    job = workers_job(world, [roster_row("新人", phone="13700001234")])
    with pytest.raises(TransferError, match="只有上传这个文件的人才能导入"):
        import_job_commit(job=job, by=world.county_admin, mode=Mode.VALID_ONLY)
    job = committed(job, world.social_worker, Mode.VALID_ONLY)
    assert job.status == Status.DONE and job.committed_by == world.social_worker
    page = login(world.county_admin).get(reverse("transfer:detail", args=[job.pk])).content.decode()
    assert "导入人" in page and world.social_worker.name in page


def test_a_committer_whose_area_changed_since_the_preview_is_refused(world):
    job = workers_job(world, [roster_row("新人", phone="13700001234")])
    assert job.problems == []
    grant = world.social_worker.grants.get()
    grant.region = world.other_community
    grant.save()
    with pytest.raises(TransferError, match="只能导入到您工作的地区"):
        import_job_commit(job=job, by=User.objects.get(pk=world.social_worker.pk), mode=Mode.VALID_ONLY)


def test_rows_outside_the_committers_area_at_commit_time_are_not_written(world):
    job = checked(world, xlsx([HEADER, roster_row("新人", phone="13700001234")]))
    import_job_commit(job=job, by=world.county_admin, mode=Mode.ALL_OR_NOTHING)
    grant = world.county_admin.grants.get()
    grant.region = world.other_community.parent
    grant.save()
    job_commit(job.pk)
    job.refresh_from_db()
    assert not Volunteer.objects.filter(user__name="新人").exists()
    assert [p["reason"] for p in job.problems] == ["这个地区不在您的辖区内：只能导入到本辖区。"]


def test_a_birth_date_before_1900_is_a_problem_of_the_preview(world):
    header = ["姓名", "证件类型", "证件号码", "手机号码", "所在地区", "性别", "出生日期"]
    row = ["老外", "护照", "E12345678", "13700004321", "保康镇团结社区", "男", "1899-12-31"]
    job = checked(world, xlsx([header, row]))
    assert [(p["column"], p["reason"]) for p in job.problems] == [("出生日期", "日期不能早于1900年1月1日。")]
    row[-1] = "1900-01-01"
    assert checked(world, xlsx([header, row])).problems == []

    header = ["姓名", "证件号码", "所在地区", "出生日期"]
    job = checked(world, xlsx([header, ["王奶奶", "150521194003120025", "团结社区", "1899-01-01"]]), kind="recipients")
    assert [(p["column"], p["reason"]) for p in job.problems] == [("出生日期", "日期不能早于1900年1月1日。")]


def test_a_sensitive_tag_without_consent_is_a_problem_of_the_preview(world):
    recipient = world.recipient
    consent = Consent.objects.create(
        recipient=recipient, kind=ConsentKind.SENSITIVE, scope="健康", given_by=recipient.name,
        method=ConsentMethod.PAPER,
    )  # fmt: skip
    sensitive = RecipientTag.objects.filter(sensitive=True, active=True).first()
    header = ["姓名", "证件号码", "所在地区", "标签"]
    content = xlsx([header, [recipient.name, recipient.id_number, "团结社区", sensitive.name]])
    assert checked(world, content, kind="recipients").problems == []
    consent.withdrawn_at = timezone.now()
    consent.save()
    job = checked(world, content, kind="recipients")
    assert [p["column"] for p in job.problems] == ["标签"]
    assert job.problems[0]["reason"].startswith("处理敏感个人信息的同意已撤回")
