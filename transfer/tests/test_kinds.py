"""The kinds added by issue 14: teams and their members, resources, activity attendance. Each previews its
problems in Chinese, commits all or the valid rows, changes nothing when imported again, and creates nothing
outside the importer's area."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity, Attendance
from ledger.models import LedgerEntry
from orgs.models import MembershipRole, MembershipStatus, Organisation, TeamMembership
from orgs.services import MembershipError, membership_enrol
from people.models import RegistrationStatus, Role, RoleGrant, User
from people.services import volunteer_set_status
from qianniu.tests import factories as f
from resources.models import Resource
from transfer.kinds.lookups import VolunteerFinder, person_key
from transfer.models import Mode, Status
from transfer.run import job_check, job_commit
from transfer.services import TransferError, import_job_commit, import_job_create
from transfer.tests.conftest import xlsx


def run(by, region, kind: str, rows: list[list], mode: str | None = None):
    job = import_job_create(by=by, region=region, kind=kind, filename="t.xlsx", content=xlsx(rows))
    job_check(job.pk)
    job.refresh_from_db()
    if mode:
        import_job_commit(job=job, by=by, mode=mode)
        job_commit(job.pk)
        job.refresh_from_db()
    return job


def reasons(job) -> list[tuple]:
    return [(p["row"], p["column"], p["reason"]) for p in job.problems]


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        ("teams", ("队伍名称", "所在地区", "队长手机号", "队员")),
        ("resources", ("资源名称", "资源类别", "提供单位", "服务地区")),
        ("attendance", ("活动", "证件号码或手机号", "签到时间", "签退时间")),
    ],
)
def test_each_kind_has_a_template_with_chinese_headers_an_example_and_the_allowed_values(world, login, kind, headers):
    response = login(world.county_admin).get(reverse("transfer:template", args=[kind]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, example = list(book["导入"].iter_rows(values_only=True))
    assert header[: len(headers)] == headers and all(example[: len(headers)])
    guide = list(book["填写说明"].iter_rows(values_only=True))
    assert guide[1][:2] == (headers[0], "是") and all(row[2] for row in guide[1:4])
    assert login(world.volunteer_user).get(reverse("transfer:template", args=[kind])).status_code == 404


# -- teams ------------------------------------------------------------------------------------------------
TEAM_HEADER = ["队员", "队长手机号", "所在地区", "队伍名称"]  # in another order than the template's


def test_a_team_roster_previews_its_problems_and_commits_the_valid_rows_once(world):
    rows = [
        TEAM_HEADER,
        [f"{world.other_volunteer.id_number}、13912345678", "13912345678", "保康镇团结社区", "文明实践队"],
        ["13700000000", "", "团结社区", "无人队"],
        [world.foreign_volunteer.id_number, "", "团结社区", "外人队"],
        ["", "", "团结社区", "文明实践队"],
    ]
    job = run(world.county_admin, world.county, "teams", rows)
    assert reasons(job) == [
        (3, "队员", "所列队员中有 1 人不是您辖区内的注册志愿者：请先为其注册。"),
        (4, "队员", "所列队员中有 1 人不是您辖区内的注册志愿者：请先为其注册。"),
        (5, "队伍名称", "与本文件第 2 行重复。"),
    ]
    nothing = run(world.county_admin, world.county, "teams", rows, Mode.ALL_OR_NOTHING)
    assert nothing.status == Status.CHECKED and not Organisation.objects.filter(name="文明实践队").exists()

    job = run(world.county_admin, world.county, "teams", rows, Mode.VALID_ONLY)
    assert job.status == Status.DONE and (job.created_count, job.updated_count) == (1, 0)
    team = Organisation.objects.get(name="文明实践队", region=world.community)
    memberships = {(m.volunteer_id, m.role, m.status) for m in TeamMembership.objects.filter(team=team)}
    assert memberships == {
        (world.volunteer.pk, MembershipRole.LEADER, MembershipStatus.APPROVED),
        (world.other_volunteer.pk, MembershipRole.MEMBER, MembershipStatus.APPROVED),
    }
    again = run(world.county_admin, world.county, "teams", rows, Mode.VALID_ONLY)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert TeamMembership.objects.filter(team=team).count() == 2
    assert Organisation.objects.filter(name="文明实践队").count() == 1


def test_a_team_is_set_up_only_by_the_regions_administrators_of_the_importers_own_area(world):
    rows = [TEAM_HEADER, ["13912345678", "", "团结社区", "社工队"]]
    job = run(world.social_worker, world.community, "teams", rows)
    assert reasons(job) == [(2, "队伍名称", "只有本地区的管理员才能建立队伍。")]
    assert run(world.county_admin, world.county, "teams", rows).problems == []
    foreign = run(world.outsider, world.foreign_county, "teams", [TEAM_HEADER, ["", "", "保康镇团结社区", "越界队"]])
    assert reasons(foreign) == [(2, "所在地区", "这个地区不在您的辖区内：只能导入到本辖区。")]
    with pytest.raises(TransferError, match="只能导入到您工作的地区"):
        run(world.outsider, world.county, "teams", rows)


def test_the_importer_cannot_enrol_themself_as_a_leader_or_a_member(world):
    admin = f.volunteer(name="巴特尔", region=world.community, phone="13911110000")
    f.grant(admin.user, Role.REGION_ADMIN, region=world.county)
    rows = [
        TEAM_HEADER,
        ["13912345678", "13911110000", "团结社区", "自任队"],
        [f"{admin.id_number}、13912345678", "", "团结社区", "自荐队"],
        ["13912345678", "", "团结社区", "他人队"],
    ]
    job = run(admin.user, world.county, "teams", rows, Mode.VALID_ONLY)
    assert reasons(job) == [
        (2, "队长手机号", "不能把自己登记为队长：请由本地区的其他管理员导入这一行。"),
        (3, "队员", "不能把自己登记为队员：请由本地区的其他管理员导入这一行。"),
    ]
    assert job.status == Status.DONE and job.created_count == 1
    assert not TeamMembership.objects.filter(volunteer=admin).exists()
    assert list(
        Organisation.objects.filter(name__in=["自任队", "自荐队", "他人队"]).values_list("name", flat=True)
    ) == ["他人队"]


def test_a_roster_does_not_bring_back_a_member_who_left_or_was_refused(world):
    TeamMembership.objects.filter(volunteer=world.volunteer, team=world.team).update(status=MembershipStatus.LEFT)
    refused = TeamMembership.objects.create(
        team=world.team, volunteer=world.other_volunteer, status=MembershipStatus.REJECTED, note="不在本社区"
    )
    team = "团结社区牵牛花志愿服务队"
    rows = [
        TEAM_HEADER,
        ["13912345678", world.other_volunteer.id_number, "团结社区", team],
        [f"13912345678、{world.other_volunteer.id_number}", "", "团结社区", "新建队"],
    ]
    job = run(world.county_admin, world.county, "teams", rows, Mode.VALID_ONLY)
    reason = "所列志愿者已退出或被拒绝加入该队伍，需由队长重新审核。"
    assert reasons(job) == [(2, "队长手机号", reason), (2, "队员", reason)]
    assert job.created_count == 1
    assert TeamMembership.objects.get(volunteer=world.volunteer, team=world.team).status == MembershipStatus.LEFT
    refused.refresh_from_db()
    assert (refused.status, refused.role) == (MembershipStatus.REJECTED, MembershipRole.MEMBER)
    with pytest.raises(MembershipError, match="重新审核"):
        membership_enrol(team=world.team, volunteer_id=world.volunteer.pk, by=world.county_admin)


def test_only_registered_volunteers_in_the_importers_scope_are_found(world):
    """A suspended or withdrawn volunteer is not enrolled; the finder answers from the importer's scope as it
    stands (an importer whose role has ended finds nobody)."""
    volunteer_set_status(volunteer=world.volunteer, by=world.county_admin, status=RegistrationStatus.SUSPENDED)
    rows = [TEAM_HEADER, ["13912345678", "", "团结社区", "停用队"]]
    job = run(world.county_admin, world.county, "teams", rows)
    assert reasons(job) == [(2, "队员", "所列队员中有 1 人不是您辖区内的注册志愿者：请先为其注册。")]
    key = person_key(world.other_volunteer.id_number)
    assert set(VolunteerFinder(world.county, world.county_admin).find([key])) == {key}
    RoleGrant.objects.filter(user=world.county_admin).delete()
    assert VolunteerFinder(world.county, User.objects.get(pk=world.county_admin.pk)).find([key]) == {}


# -- resources --------------------------------------------------------------------------------------------
RESOURCE_HEADER = ["资源名称", "资源类别", "提供单位", "服务地区", "数量", "计量单位", "周期"]


def test_resources_preview_commit_and_update_the_one_found_by_provider_and_name(world):
    rows = [
        RESOURCE_HEADER,
        ["每月义诊", "义诊", "科左中旗民政局", "团结社区", "20", "人次", "每月"],
        ["飞船", "宇宙飞船", "科左中旗民政局", "团结社区", "1", "艘", ""],
        ["理发", "义剪", "无此单位", "团结社区", "", "", ""],
    ]
    job = run(world.county_admin, world.county, "resources", rows, Mode.VALID_ONLY)
    assert [(row, column) for row, column, _reason in reasons(job)] == [(3, "资源类别"), (4, "提供单位")]
    assert reasons(job)[1][2] == "您的辖区内没有这个名称的共建单位或部门；请先登记。"
    resource = Resource.objects.get(name="每月义诊")
    assert (resource.provider, resource.area, resource.capacity, resource.kind) == (
        world.department, world.community, 20, "clinic",
    )  # fmt: skip
    again = run(world.county_admin, world.county, "resources", rows, Mode.VALID_ONLY)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    rows[1][4] = "30"
    changed = run(world.county_admin, world.county, "resources", rows[:2], Mode.ALL_OR_NOTHING)
    assert (changed.created_count, changed.updated_count) == (0, 1)
    assert Resource.objects.get(name="每月义诊").capacity == 30 and Resource.objects.count() == 1


def test_resources_are_matched_by_provider_name_and_area_and_a_second_commit_adds_nothing(world):
    rows = [
        RESOURCE_HEADER,
        ["每月义诊", "义诊", "科左中旗民政局", "团结社区", "20", "人次", "每月"],
        ["每月义诊", "义诊", "科左中旗民政局", "宝龙山嘎查", "10", "人次", "每月"],
    ]
    job = run(world.county_admin, world.county, "resources", rows, Mode.ALL_OR_NOTHING)
    assert job.problems == [] and job.created_count == 2
    areas = dict(Resource.objects.filter(name="每月义诊").values_list("area__name", "capacity"))
    assert areas == {"团结社区": 20, "宝龙山嘎查": 10}
    job_commit(job.pk)  # the commit task run again
    assert Resource.objects.filter(name="每月义诊").count() == 2
    again = run(world.county_admin, world.county, "resources", rows, Mode.ALL_OR_NOTHING)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    rows[2][4] = "12"
    changed = run(world.county_admin, world.county, "resources", [rows[0], rows[2]], Mode.ALL_OR_NOTHING)
    assert (changed.created_count, changed.updated_count) == (0, 1)
    areas = dict(Resource.objects.filter(name="每月义诊").values_list("area__name", "capacity"))
    assert areas == {"团结社区": 20, "宝龙山嘎查": 12}


def test_another_countys_importer_cannot_import_resources_here(world):
    rows = [RESOURCE_HEADER, ["每月义诊", "义诊", "科左中旗民政局", "保康镇团结社区", "", "", ""]]
    job = run(world.outsider, world.foreign_county, "resources", rows, Mode.VALID_ONLY)
    assert {column for _row, column, _reason in reasons(job)} == {"提供单位", "服务地区"}
    assert not Resource.objects.exists()


# -- attendance -------------------------------------------------------------------------------------------
ATTENDANCE_HEADER = ["签到时间", "签退时间", "活动", "证件号码或手机号", "服务时长"]


@pytest.fixture
def yesterday(world) -> Activity:
    day = timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return Activity.objects.create(
        title="重阳节敬老义剪", content="为老人理发", organiser=world.team, lead=world.team_leader,
        region=world.community, place="团结社区党群服务中心", starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), quota=10, status="published",
    )  # fmt: skip


def at(activity: Activity, hour: int, minute: int = 0) -> str:
    return f"{timezone.localdate(activity.starts_at):%Y-%m-%d} {hour:02d}:{minute:02d}"


def test_attendance_goes_through_the_ledger_and_the_same_sheet_again_changes_nothing(world, yesterday):
    tomorrow = f"{timezone.localdate() + datetime.timedelta(days=1):%Y-%m-%d} 10:00"
    rows = [
        ATTENDANCE_HEADER,
        [at(yesterday, 9), at(yesterday, 11, 40), "重阳节敬老义剪", "13912345678", "2.5"],
        [at(yesterday, 9), at(yesterday, 12), "重阳节敬老义剪", world.other_volunteer.id_number, "5"],
        [at(yesterday, 9), tomorrow, str(yesterday.pk), world.other_volunteer.id_number, ""],
        [at(yesterday, 9), at(yesterday, 10), "重阳节敬老义剪", world.foreign_volunteer.id_number, ""],
        [at(yesterday, 11), at(yesterday, 12), "重阳节敬老义剪", "13912345678", ""],
    ]
    job = run(world.county_admin, world.county, "attendance", rows, Mode.VALID_ONLY)
    assert reasons(job) == [
        (3, "服务时长", "与签到签退时间不符：按时间应为 3 小时。"),
        (4, "签退时间", "时间在未来。"),
        (5, "证件号码或手机号", "您的辖区内没有这个号码的注册志愿者。"),
        (6, "证件号码或手机号", "与本文件第 2 行重复。"),
    ]
    assert job.status == Status.DONE and job.created_count == 1
    entry = LedgerEntry.objects.get(volunteer=world.volunteer)
    assert entry.hours == Decimal("2.50") and entry.activity_name == "重阳节敬老义剪"
    assert entry.recorded_by == world.county_admin
    again = run(world.county_admin, world.county, "attendance", rows[:2], Mode.ALL_OR_NOTHING)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert LedgerEntry.objects.filter(volunteer=world.volunteer).count() == 1
    rows[1][1], rows[1][4] = at(yesterday, 12), ""
    changed = run(world.county_admin, world.county, "attendance", rows[:2])
    assert reasons(changed) == [(2, "签到时间", "该出勤的时长已记录，如有错误请申请更正。")]


def test_attendance_overlapping_another_activity_is_refused(world, yesterday):
    other = Activity.objects.create(
        title="环境整治", content="清扫", organiser=world.team, lead=world.team_leader, region=world.community,
        place="团结路", starts_at=yesterday.starts_at, ends_at=yesterday.ends_at, quota=5, status="published",
    )  # fmt: skip
    Attendance.objects.create(
        activity=other, volunteer=world.volunteer, checked_in_at=yesterday.starts_at,
        checked_out_at=yesterday.starts_at + datetime.timedelta(hours=2), method="leader",
    )  # fmt: skip
    rows = [ATTENDANCE_HEADER, [at(yesterday, 10), at(yesterday, 12), "重阳节敬老义剪", "13912345678", ""]]
    job = run(world.county_admin, world.county, "attendance", rows)
    assert reasons(job) == [(2, "签到时间", "与这名志愿者在“环境整治”的出勤时间重叠。")]
    rows[1][0] = at(yesterday, 11)
    assert run(world.county_admin, world.county, "attendance", rows).problems == []


def test_another_countys_importer_finds_neither_the_activity_nor_the_volunteer(world, yesterday):
    rows = [ATTENDANCE_HEADER, [at(yesterday, 9), at(yesterday, 10), str(yesterday.pk), "13912345678", ""]]
    job = run(world.outsider, world.foreign_county, "attendance", rows, Mode.VALID_ONLY)
    assert [column for _row, column, _reason in reasons(job)] == ["活动"]
    assert not Attendance.objects.exists() and not LedgerEntry.objects.exists()
    assert run(world.county_admin, world.county, "attendance", rows).problems == []
