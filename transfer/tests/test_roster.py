"""The roster of the issue: 20 rows, 5 of them bad; the preview names each problem in Chinese, the commit
writes 15 or none as chosen, and the same file again changes nothing."""

import datetime

import pytest
from django.urls import reverse

from people.idcard import check_char
from people.models import Consent, User, Volunteer, id_index
from people.services import id_number_taken
from transfer.models import ImportJob, Mode, Status
from transfer.run import job_check, job_commit
from transfer.services import TransferError, import_job_commit, import_job_create
from transfer.tests.conftest import HEADER, good_rows, roster_row, xlsx


def bad_id() -> str:
    first17 = "15052119850615001"
    wrong = "0" if check_char(first17) != "0" else "1"
    return first17 + wrong


def roster_of_twenty(world) -> bytes:
    rows = good_rows(15)
    rows.insert(2, roster_row("坏号码", phone="13800000001", id_number=bad_id()))
    rows.insert(5, roster_row("无此地", phone="13800000002", region="不存在镇幸福村"))
    rows.insert(8, roster_row("重手机", phone="13912345678"))  # the world's volunteer 张三 has it
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    rows.insert(11, roster_row("未出生", phone="13800000004", born=tomorrow))
    rows.insert(14, roster_row("错类别", phone="13800000005", kind="宇航员"))
    return xlsx([HEADER, *rows])


def checked(world, content: bytes, *, filename: str = "roster.xlsx", kind: str = "volunteers") -> ImportJob:
    job = import_job_create(by=world.county_admin, region=world.county, kind=kind, filename=filename, content=content)
    job_check(job.pk)
    job.refresh_from_db()
    return job


def committed(job: ImportJob, by, mode: str) -> ImportJob:
    import_job_commit(job=job, by=by, mode=mode)
    job_commit(job.pk)
    job.refresh_from_db()
    return job


def test_the_preview_lists_five_problems_in_chinese(world):
    job = checked(world, roster_of_twenty(world))
    assert job.status == Status.CHECKED and job.total_rows == 20 and job.bad_rows == 5
    reasons = {problem["row"]: (problem["column"], problem["reason"]) for problem in job.problems}
    assert reasons == {
        4: ("证件号码", "身份证号码的校验位不对：有数字输错了。"),
        7: ("所在地区", "行政区划中没有这个名称的地区。"),
        10: ("手机号码", "这个手机号码已被他人注册。"),
        13: ("出生日期", "日期在未来。"),
        16: ("志愿者类别", "不是可填的值；可填：居民、党员、青年、退役军人、老年。"),
    }
    assert Volunteer.objects.count() == 4  # the world's volunteers only: the check writes nothing


def test_all_or_nothing_writes_none_of_a_roster_with_bad_rows(world):
    before = (User.objects.count(), Volunteer.objects.count())
    job = committed(checked(world, roster_of_twenty(world)), world.county_admin, Mode.ALL_OR_NOTHING)
    assert job.status == Status.CHECKED
    assert "没有导入任何行" in job.message
    assert (User.objects.count(), Volunteer.objects.count()) == before


def test_valid_rows_only_writes_fifteen_and_the_same_file_again_changes_nothing(world):
    content = roster_of_twenty(world)
    job = committed(checked(world, content), world.county_admin, Mode.VALID_ONLY)
    assert job.status == Status.DONE
    assert (job.created_count, job.updated_count, job.unchanged_count) == (15, 0, 0)
    imported = Volunteer.objects.filter(user__name__startswith="志愿者")
    assert imported.count() == 15
    assert Consent.objects.filter(volunteer__in=imported).count() == 15
    assert len(job.rejected_rows) == 6  # the header and the five rows

    snapshot = sorted(imported.values_list("pk", "updated_at", "volunteer_number", "user__name"))
    users = User.objects.count()
    again = committed(checked(world, content), world.county_admin, Mode.VALID_ONLY)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 15)
    assert sorted(imported.values_list("pk", "updated_at", "volunteer_number", "user__name")) == snapshot
    assert User.objects.count() == users


def test_imported_volunteers_are_the_rows_registration_writes(world):
    rows = good_rows(1)
    job = committed(checked(world, xlsx([HEADER, *rows])), world.county_admin, Mode.ALL_OR_NOTHING)
    assert job.created_count == 1
    volunteer = Volunteer.objects.get(user__name="志愿者0")
    assert volunteer.id_number == rows[0][1] and volunteer.user.phone == rows[0][2]
    assert volunteer.id_index == id_index("resident", rows[0][1])
    assert id_number_taken(id_type="resident", id_number=rows[0][1])
    assert User.objects.get_by_natural_key(rows[0][2]) == volunteer.user
    assert volunteer.volunteer_number.startswith(f"150521{datetime.date.today().year}")
    assert volunteer.kind == "party" and volunteer.region == world.community
    assert volunteer.sex == "M" and volunteer.birth_date == datetime.date(1985, 6, 15)
    assert not volunteer.user.has_usable_password()


def test_a_changed_row_updates_the_person_found_by_the_id_number(world):
    rows = good_rows(2)
    committed(checked(world, xlsx([HEADER, *rows])), world.county_admin, Mode.ALL_OR_NOTHING)
    rows[1][0] = "改了名"
    rows[1][3] = "宝龙山镇宝龙山嘎查"
    job = committed(checked(world, xlsx([HEADER, *rows])), world.county_admin, Mode.ALL_OR_NOTHING)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    volunteer = Volunteer.objects.get(id_index=id_index("resident", rows[1][1]))
    assert volunteer.user.name == "改了名" and volunteer.region == world.other_community
    assert Volunteer.objects.filter(user__name__in=["志愿者0", "改了名"]).count() == 2


def test_headers_are_matched_by_name_in_any_order_and_by_the_national_systems_names(world):
    rows = [[r[3], r[2], r[1], r[0]] for r in good_rows(2)]
    job = checked(world, xlsx([["所属区域", "联系电话", "身份证号", "姓名", "民族"], *rows]))
    assert job.status == Status.CHECKED and job.problems == [] and job.ignored_columns == ["民族"]


def test_an_importer_creates_only_within_their_own_area(world):
    job = import_job_create(
        by=world.social_worker, region=world.community, kind="volunteers", filename="r.xlsx",
        content=xlsx([HEADER, roster_row("别处人", phone="13700009999", region="宝龙山镇宝龙山嘎查")]),
    )  # fmt: skip
    job_check(job.pk)
    job.refresh_from_db()
    assert job.problems[0]["reason"] == "这个地区不在您的辖区内：只能导入到本辖区。"
    with pytest.raises(TransferError, match="只能导入到您工作的地区"):
        import_job_create(by=world.outsider, region=world.county, kind="volunteers", filename="r.xlsx", content=b"x")


def test_a_registration_of_another_county_is_not_taken_over(world):
    foreign_id = world.foreign_volunteer.id_number
    job = checked(world, xlsx([HEADER, roster_row("张山", phone="13700001111", id_number=foreign_id)]))
    assert job.problems[0]["reason"].startswith("这个证件号码已在您辖区以外的地区注册")


def test_the_outsider_gets_404_for_the_job_and_its_importer_sees_it(world, login):
    job = checked(world, roster_of_twenty(world))
    for name in ("detail", "progress", "rejected"):
        url = reverse(f"transfer:{name}", args=[job.pk])
        assert login(world.outsider).get(url).status_code == 404
        assert login(world.county_admin).get(url).status_code == 200
    body = login(world.county_admin).get(reverse("transfer:detail", args=[job.pk])).content.decode()
    assert "身份证号码的校验位不对" in body
    assert login(world.outsider).post(reverse("transfer:commit", args=[job.pk]), {"mode": "valid"}).status_code == 404
    assert "roster.xlsx" in login(world.county_admin).get(reverse("transfer:list")).content.decode()
    assert "roster.xlsx" not in login(world.outsider).get(reverse("transfer:list")).content.decode()


def test_a_social_worker_cannot_change_a_registered_volunteer_and_nobody_changes_a_sign_in_number(world):
    volunteer = world.volunteer
    row = roster_row("改名字", phone=volunteer.user.phone, id_number=volunteer.id_number)
    job = import_job_create(
        by=world.social_worker,
        region=world.community,
        kind="volunteers",
        filename="r.xlsx",
        content=xlsx([HEADER, row]),
    )
    job_check(job.pk)
    job.refresh_from_db()
    assert [p["reason"] for p in job.problems] == ["这名志愿者已经注册，只有本地区的管理员才能修改。"]
    job = checked(world, xlsx([HEADER, row]))  # the county admin may change the name
    assert job.problems == []
    moved = roster_row(volunteer.user.name, phone="13700008888", id_number=volunteer.id_number)
    job = checked(world, xlsx([HEADER, moved]))
    assert [p["reason"] for p in job.problems] == ["手机号码与登记的不同，请在志愿者页面修改。"]
    volunteer.user.refresh_from_db()
    assert volunteer.user.phone == "13912345678"


def test_a_finished_import_keeps_no_copy_of_the_file(world):
    job = committed(checked(world, xlsx([HEADER, *good_rows(2)])), world.county_admin, Mode.ALL_OR_NOTHING)
    assert job.status == Status.DONE and job.created_count == 2
    stored = ImportJob.objects.values_list("content", "table").get(pk=job.pk)
    assert [bytes(part) for part in stored] == [b"", b""]
