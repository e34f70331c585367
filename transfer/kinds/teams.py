"""Volunteer teams and their members: one row a team, with its region, its leader's mobile number and its
members' ID or mobile numbers. Members must be registered volunteers of the importer's area; a team is made
or changed only by those who may do so on its page (the region's administrators), and a roster imported
twice changes nothing the second time (`orgs.services.membership_enrol`)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.access import scope_of
from orgs.models import Kind, Organisation, TeamMembership
from orgs.services import ENDED, ended_message, membership_enrol, organisation_save
from people.models import User
from regions.models import Region
from transfer.kinds.common import Column, Problems, RegionReader, RowError, chunks, limit, read_name, row_taker
from transfer.kinds.lookups import VolunteerFinder, not_found, person_keys

COLUMNS = (
    Column("name", "队伍名称", ("志愿服务队名称", "团队名称", "队伍"), True, "团结社区牵牛花志愿服务队", "至多 100 字"),
    Column("region", "所在地区", ("所属区域", "所在社区"), True, "保康镇团结社区",
           "本辖区内的乡镇街道、社区名称或区划代码"),
    Column("leader", "队长手机号", ("队长手机号码", "负责人手机号"), False, "13912345678",
           "已注册志愿者的手机号或身份证号；空白时不设队长", mask="mobile"),
    Column("members", "队员", ("队员证件号码或手机号", "成员"), False, "150521198506150013、13912345679",
           "已注册志愿者的身份证号或手机号，多个以顿号分隔", mask="people"),
    Column("contact_name", "联系人", (), False, "吴乌兰", "至多 50 字；空白时保留原值"),
    Column("contact_phone", "联系电话", (), False, "13912345678", "至多 30 字；空白时保留原值", mask="mobile"),
    Column("address", "地址", ("活动地址",), False, "团结路 1 号", "至多 200 字；空白时保留原值"),
    Column("description", "简介", ("队伍简介",), False, "", "空白时保留原值"),
)  # fmt: skip
KEPT_WHEN_EMPTY = ("contact_name", "contact_phone", "address", "description")


@dataclass
class Record:
    row: int
    values: dict
    leader: int | None = None  # volunteer pk
    members: list[int] = field(default_factory=list)
    existing: Organisation | None = None


def one_person(raw: str) -> dict:
    keys = person_keys(raw)
    if len(keys) > 1:
        raise RowError(_("One leader only."))
    return keys


class TeamImport:
    columns = COLUMNS

    def __init__(self, *, area: Region, by: User):
        self.area, self.by = area, by
        self.regions = RegionReader(area, by)
        self.people = VolunteerFinder(area, by)

    def read_row(self, row: int, cells: dict[str, str], problems: Problems) -> Record | None:
        values = {}
        take = row_taker(row, cells, problems, COLUMNS, values)
        take("name", lambda raw: limit(read_name(raw), 100))
        take("region", self.regions.read)
        take("leader", one_person)
        take("members", person_keys)
        for key, length in (("contact_name", 50), ("contact_phone", 30), ("address", 200), ("description", 2000)):
            take(key, lambda raw, length=length: limit(raw, length))
        if row in problems.rows:
            return None
        return Record(row=row, values=values)

    def look_up(self, records: list[Record], problems: Problems) -> list[Record]:
        first = {}
        for record in records:
            key = (record.values["region"], record.values["name"])
            if key in first:
                problems.add(
                    record.row,
                    "队伍名称",
                    record.values["name"],
                    _("The same value is in row %(row)s of this file already.") % {"row": first[key]},
                )
            else:
                first[key] = record.row
        records = [record for record in records if record.row not in problems.rows]
        teams = {}
        for batch in chunks(records):
            names = {record.values["name"] for record in batch}
            regions = {record.values["region"] for record in batch}
            for team in Organisation.objects.filter(kind=Kind.TEAM, name__in=names, region_id__in=regions):
                teams[(team.region_id, team.name)] = team
        changeable = set(
            Organisation.objects.changeable_by(self.by)
            .filter(pk__in=[t.pk for t in teams.values()])
            .values_list("pk", flat=True)
        )
        scope = scope_of(self.by)
        ended = set(
            TeamMembership.objects.filter(team__in=list(teams.values()), status__in=ENDED).values_list(
                "team_id", "volunteer_id"
            )
        )
        found = self.people.find(
            [key for record in records for key in (*record.values["members"], *record.values["leader"])]
        )
        for record in records:
            team = teams.get((record.values["region"], record.values["name"]))
            if team is not None and team.pk not in changeable:
                problems.add(
                    record.row,
                    "队伍名称",
                    record.values["name"],
                    _("Only the region's administrators may change this team."),
                )
            if team is None and not (
                scope.everything or self.regions.paths[record.values["region"]].startswith(scope.admin_paths)
            ):
                problems.add(
                    record.row,
                    "队伍名称",
                    record.values["name"],
                    _("Only the region's administrators may set up a team."),
                )
            leader = next(iter(record.values["leader"]), None)
            if leader and leader not in found:
                problems.add(record.row, "队长手机号", record.values["leader"][leader], not_found())
            missing = [raw for key, raw in record.values["members"].items() if key not in found]
            if missing:
                problems.add(
                    record.row,
                    "队员",
                    "、".join(missing),
                    _(
                        "%(count)s of the members listed are not registered volunteers of your area: register them "
                        "first."
                    )
                    % {"count": len(missing)},
                )
            self._refuse_own(record, found, problems)
            if team is not None:
                self._refuse_ended(record, found, {pk for team_id, pk in ended if team_id == team.pk}, problems)
            if record.row in problems.rows:
                continue
            record.existing = team
            record.leader = found[leader]["pk"] if leader else None
            record.members = [found[key]["pk"] for key in record.values["members"]]
        return [record for record in records if record.row not in problems.rows]

    def _refuse_ended(self, record: Record, found: dict, ended: set[int], problems: Problems) -> None:
        """A roster does not bring back a member who left or was refused (`membership_enrol` refuses it)."""
        for column, listed in (("队长手机号", record.values["leader"]), ("队员", record.values["members"])):
            back = [raw for key, raw in listed.items() if key in found and found[key]["pk"] in ended]
            if back:
                problems.add(record.row, column, "、".join(back), ended_message())

    def _refuse_own(self, record: Record, found: dict, problems: Problems) -> None:
        """Nobody enrols themself (`membership_enrol` refuses it): the row waits for another administrator."""
        leader = next(iter(record.values["leader"]), None)
        if leader in found and found[leader]["user_id"] == self.by.pk:
            problems.add(
                record.row, "队长手机号", record.values["leader"][leader],
                _("You cannot enrol yourself as the leader: another administrator of the region will import this row."),
            )  # fmt: skip
        own = [
            raw for key, raw in record.values["members"].items() if key in found and found[key]["user_id"] == self.by.pk
        ]
        if own:
            problems.add(
                record.row, "队员", "、".join(own),
                _("You cannot enrol yourself as a member: another administrator of the region will import this row."),
            )  # fmt: skip

    def write(self, records: list[Record], progress) -> tuple[int, int, int]:
        created = updated = 0
        for done, record in enumerate(records, start=1):
            values = record.values
            team, changed = record.existing, False
            if team is None:
                team = Organisation(kind=Kind.TEAM, name=values["name"], region_id=values["region"])
                changed = True
            for key in KEPT_WHEN_EMPTY:
                if values[key] and getattr(team, key) != values[key]:
                    setattr(team, key, values[key])
                    changed = True
            if changed:
                organisation_save(organisation=team, by=self.by)
            for volunteer_id in dict.fromkeys([*([record.leader] if record.leader else []), *record.members]):
                leader = volunteer_id == record.leader
                changed |= membership_enrol(team=team, volunteer_id=volunteer_id, by=self.by, leader=leader)
            if record.existing is None:
                created += 1
            elif changed:
                updated += 1
            if done % 200 == 0:
                progress(done)
        return created, updated, len(records) - created - updated
