"""The national volunteer system's roster export (`kind="national"`), with its own columns and values: 政治面貌
decides the kind, 志愿者编号 is kept as the volunteer number, 证件类型 the ID document, 志愿服务类别 the service
fields; the columns it has and we do not keep are listed as not imported."""

import datetime

import pytest

from dictionaries.models import ServiceField
from people.models import IdType, Volunteer, VolunteerKind
from qianniu.tests import factories as f
from transfer.models import Mode, Status
from transfer.run import job_check, job_commit
from transfer.services import import_job_commit, import_job_create
from transfer.tests.conftest import xlsx

NATIONAL_HEADER = [
    "志愿者编号", "姓名", "性别", "证件类型", "证件号码", "出生日期", "民族", "政治面貌", "学历", "手机号码",
    "所属区域", "现居住地址", "志愿服务类别", "技能特长", "注册时间", "服务时长",
]  # fmt: skip


def national_row(number, name, id_number, phone, politics, *, id_type="居民身份证", sex="男", born="", fields=""):
    return [
        number, name, sex, id_type, id_number, born, "蒙古族", politics, "大学本科", phone,
        "内蒙古自治区通辽市科尔沁左翼中旗保康镇团结社区", "团结路 8 号", fields, "急救", "2019-03-12 10:21:00", 36.5,
    ]  # fmt: skip


def imported(world, rows, mode=Mode.ALL_OR_NOTHING):
    job = import_job_create(
        by=world.county_admin, region=world.county, kind="national", filename="全国系统花名册.xlsx",
        content=xlsx([NATIONAL_HEADER, *rows]),
    )  # fmt: skip
    job_check(job.pk)
    job.refresh_from_db()
    assert job.status == Status.CHECKED, job.message
    if mode and not job.problems:
        import_job_commit(job=job, by=world.county_admin, mode=mode)
        job_commit(job.pk)
        job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("politics", "kind"),
    [
        ("中共党员", VolunteerKind.PARTY_MEMBER),
        ("中国共产党党员", VolunteerKind.PARTY_MEMBER),
        ("中共预备党员", VolunteerKind.PARTY_MEMBER),
        ("中国共产党预备党员", VolunteerKind.PARTY_MEMBER),
        ("共青团员", VolunteerKind.YOUTH),
        ("中国共产主义青年团团员", VolunteerKind.YOUTH),
        ("群众", VolunteerKind.GENERAL),
        ("无党派人士", VolunteerKind.GENERAL),
        ("无党派民主人士", VolunteerKind.GENERAL),
        ("民主党派成员", VolunteerKind.GENERAL),
        ("中国民主同盟盟员", VolunteerKind.GENERAL),
        ("九三学社社员", VolunteerKind.GENERAL),
        ("", VolunteerKind.GENERAL),
    ],
)
def test_political_status_decides_the_kind(world, politics, kind):
    id_number = f.resident_id(datetime.date(1990, 3, 2))
    job = imported(world, [national_row("15052120190000123", "巴特尔", id_number, "13600001234", politics)])
    assert job.problems == [] and job.status == Status.DONE, job.problems
    volunteer = Volunteer.objects.get(user__name="巴特尔")
    assert volunteer.kind == kind


def test_a_national_roster_keeps_its_numbers_document_types_and_service_fields(world):
    care, comfort = ServiceField.objects.get(code="life_care"), ServiceField.objects.get(code="spiritual_comfort")
    rows = [
        national_row("15052120190000123", "巴特尔", f.resident_id(datetime.date(1990, 3, 2)), "13600001234", "中共党员",
                     fields="生活照料、精神慰藉"),
        national_row("15052120200000456", "陈美玲", "H12345678", "13600005678", "群众",
                     id_type="港澳居民来往内地通行证", sex="女", born="1988-07-09"),
        national_row("15052120210000789", "Anna Schmidt", "C01234567", "13600009012", "群众",
                     id_type="护照", sex="女", born="1979-11-30"),
    ]  # fmt: skip
    job = imported(world, rows)
    assert job.problems == [] and job.status == Status.DONE, job.problems
    assert set(job.ignored_columns) == {"民族", "学历", "注册时间", "服务时长"}
    assert (job.created_count, job.updated_count, job.unchanged_count) == (3, 0, 0)
    bater = Volunteer.objects.get(user__name="巴特尔")
    assert bater.volunteer_number == "15052120190000123"  # kept: the national number is the public identifier
    assert bater.id_type == IdType.RESIDENT_ID and bater.kind == VolunteerKind.PARTY_MEMBER
    assert set(bater.service_fields.all()) == {care, comfort}
    assert bater.region == world.community and bater.address == "团结路 8 号"
    chen = Volunteer.objects.get(user__name="陈美玲")
    assert (chen.volunteer_number, chen.id_type, chen.id_number) == ("15052120200000456", IdType.HK_MACAO, "H12345678")
    assert (chen.sex, chen.birth_date) == ("F", datetime.date(1988, 7, 9))
    anna = Volunteer.objects.get(user__name="Anna Schmidt")
    assert (anna.id_type, anna.volunteer_number) == (IdType.PASSPORT, "15052120210000789")
    # the same file again changes nothing
    again = imported(world, rows)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)


def test_a_national_number_already_held_by_another_volunteer_is_refused(world):
    taken = world.volunteer.volunteer_number
    row = national_row(taken, "巴特尔", f.resident_id(datetime.date(1990, 3, 2)), "13600001234", "群众")
    job = imported(world, [row])
    assert [(p["column"], p["reason"]) for p in job.problems] == [("志愿者编号", "这个志愿者编号属于他人。")]
    assert not Volunteer.objects.filter(user__name="巴特尔").exists()


def test_a_problem_names_the_column_as_the_national_export_does(world):
    row = national_row("", "巴特尔", f.resident_id(datetime.date(1990, 3, 2)), "13600001234", "外星人")
    job = imported(world, [row])
    assert [(p["column"], p["value"]) for p in job.problems] == [("政治面貌", "外星人")]
    assert job.problems[0]["reason"].startswith("不是可填的值；可填：中共党员、共青团员、群众")
