"""四川: a second demo province with a few cities and counties, its coordination group of 40 provincial
departments and units, a meeting whose decisions are supervised (督办), and a province-wide campaign joined by
its counties, with activities and recorded hours under it."""

import datetime

from django.utils import timezone

from orgs.models import Department, Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership
from people.models import Role, RoleGrant, VolunteerKind
from people.services import user_create, volunteer_register
from regions.models import Level, Region
from regions.services import region_create

# city code, city, [(county code, county, township, community)]
SICHUAN_TREE = [
    (
        "510100",
        "成都市",
        [("510104", "锦江区", "督院街街道", "东门街社区"), ("510107", "武侯区", "玉林街道", "玉林北路社区")],
    ),
    ("510700", "绵阳市", [("510703", "涪城区", "城厢街道", "东街社区")]),
    ("513400", "凉山彝族自治州", [("513401", "西昌市", "长安街道", "长安社区")]),
]

# The group's 40 member units: (name, kind, department code, role, representative).
CONVENOR = ("省委宣传部", Kind.PARTY_COMMITTEE, "", "convenor", "省委常委、宣传部部长")
DEPUTIES = [
    ("省委社会工作部", Kind.PARTY_COMMITTEE, "", "deputy", "部长"),
    ("省文明办", Kind.PARTY_COMMITTEE, "", "deputy", "主任"),
    ("省民政厅", Kind.DEPARTMENT, Department.CIVIL_AFFAIRS, "deputy", "厅长"),
    ("团省委", Kind.DEPARTMENT, Department.YOUTH_LEAGUE, "deputy", "书记"),
]
DEPARTMENTS = [
    ("省教育厅", Department.EDUCATION), ("省卫生健康委", Department.HEALTH),
    ("省人力资源社会保障厅", Department.HUMAN_RESOURCES), ("省司法厅", Department.JUSTICE),
    ("省残联", Department.DISABLED_FEDERATION), ("省妇联", Department.WOMEN_FEDERATION),
    ("省文化和旅游厅", Department.CULTURE_TOURISM), ("省医保局", Department.MEDICAL_SECURITY),
    ("省住房城乡建设厅", Department.HOUSING), ("省应急管理厅", Department.EMERGENCY),
]  # fmt: skip
UNITS = [
    "省委组织部", "省委政法委", "省委网信办", "省发展改革委", "省财政厅", "省公安厅", "省农业农村厅",
    "省退役军人事务厅", "省生态环境厅", "省交通运输厅", "省商务厅", "省体育局", "省市场监管局", "省广电局",
    "省总工会", "省科协", "省红十字会", "省慈善联合会", "省志愿服务联合会", "省消防救援总队", "省乡村振兴局",
    "省林草局", "省气象局", "四川日报报业集团", "四川广播电视台",
]  # fmt: skip

SICHUAN_ADMIN = 10  # 13800000010, the province's admin


class SichuanMixin:
    def build_sichuan(self):
        from coordination import services

        province = Region.objects.get(code="510000")
        self.sichuan_communities = []
        for city_code, city_name, counties in SICHUAN_TREE:
            city = region_create(code=city_code, name=city_name, level=Level.CITY, parent=province)
            for code, county_name, township, community in counties:
                county = region_create(code=code, name=county_name, level=Level.COUNTY, parent=city)
                town = region_create(code=f"{code}001000", name=township, level=Level.TOWNSHIP, parent=county)
                self.sichuan_communities.append(
                    region_create(code=f"{code}001001", name=community, level=Level.COMMUNITY, parent=town)
                )
        admin = self.role_account(SICHUAN_ADMIN, "杨明")
        RoleGrant.objects.create(user=admin, role=Role.REGION_ADMIN, region=province)
        self.authenticator_for(admin)  # region admins sign in with a second factor
        group = services.group_create(region=province, name="四川省志愿服务工作协调小组", by=admin)
        units = {}
        for name, kind, department, role, representative in [CONVENOR, *DEPUTIES]:
            units[name] = self._sichuan_unit(province, name, kind, department)
            services.member_add(
                group=group, organisation=units[name], role=role, representative=representative, by=admin
            )
        for name, department in DEPARTMENTS:
            units[name] = self._sichuan_unit(province, name, Kind.DEPARTMENT, department)
        for name in UNITS:
            units[name] = self._sichuan_unit(province, name, Kind.UNIT, "")
        for name in [name for name, _ in DEPARTMENTS] + UNITS:
            services.member_add(group=group, organisation=units[name], role="member", representative="", by=admin)
        services.office_set(group=group, organisation=units["省文明办"], by=admin)
        liaison = user_create(phone="13800020001", name="陈静")
        RoleGrant.objects.create(
            user=liaison, role=Role.DEPARTMENT_LIAISON, organisation=units["省民政厅"], granted_by=admin
        )
        self.sichuan_group, self.sichuan_admin, self.sichuan_units = group, admin, units
        self._sichuan_meeting()
        self._sichuan_campaign()

    def _sichuan_unit(self, province, name, kind, department):
        return Organisation.objects.create(
            kind=kind, name=name, region=province, department=department,
            unit_type="other" if kind == Kind.UNIT else "",
        )  # fmt: skip

    def _sichuan_meeting(self):
        from coordination import services

        units, admin, today = self.sichuan_units, self.sichuan_admin, self.today
        meeting = services.meeting_record(
            group=self.sichuan_group,
            title="2026年第二次全体成员会议",
            held_on=today - datetime.timedelta(days=30),
            attendees=[units[name] for name in list(units)[:32]],
            minutes="传达学习全国志愿服务工作会议精神，研究部署冬季全省性志愿服务行动，明确各成员单位任务分工。",
            decisions=[
                ("制定全省社区志愿服务站点建设指引", units["省民政厅"], today - datetime.timedelta(days=5)),
                ("组织青年志愿者开展冬季关爱留守儿童行动", units["团省委"], today + datetime.timedelta(days=20)),
                ("建立全省志愿服务组织名录并按月报送", units["省委社会工作部"], today + datetime.timedelta(days=10)),
            ],
            by=admin,
        )
        items = list(meeting.items.order_by("pk"))
        services.item_progress(item=items[1], by=admin, note="已在成都、绵阳两市启动，招募青年志愿者 300 余人。")
        services.item_report(item=items[2], by=admin, note="名录已建立，收录志愿服务组织 1,260 个，11 月起按月报送。")
        services.items_escalate(now=timezone.now())

    def _sichuan_campaign(self):
        from activities import services as activities
        from activities.models import Activity
        from coordination import services

        admin, today = self.sichuan_admin, self.today
        campaign = services.campaign_launch(
            group=self.sichuan_group, title="“志愿四川·温暖冬日”全省志愿服务行动", by=admin,
            description="全省统一部署、市县联动，围绕一老一小一困开展冬季关爱服务。",
            starts_on=today - datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=40),
            target_volunteers=20, target_hours=120, target_people_served=200,
        )  # fmt: skip
        now = timezone.now()
        for index, community in enumerate(self.sichuan_communities):
            county = community.parent.parent
            services.campaign_join(
                campaign=campaign,
                region=county,
                plan="社区关爱行动：上门探访独居老人、送温暖包、检查用电安全",
                by=admin,
            )
            team = Organisation.objects.create(kind=Kind.TEAM, name=f"{community.name}志愿服务队", region=community)
            people = [self._sichuan_volunteer(index * 4 + n, community) for n in range(4)]
            leader = people[0]
            TeamMembership.objects.create(
                team=team, volunteer=leader, role=MembershipRole.LEADER, status=MembershipStatus.APPROVED
            )
            start = now - datetime.timedelta(days=3 + index, hours=4)
            activity = Activity.objects.create(
                title=f"温暖冬日·{community.name}关爱独居老人", content="上门探访、送温暖包、检查用电安全",
                organiser=team, lead=leader.user, region=community, place=f"{community.name}党群服务中心",
                starts_at=start, ends_at=start + datetime.timedelta(hours=3), quota=10, status="published",
            )  # fmt: skip
            for offset, volunteer in enumerate(people[1:]):
                activities.attendance_mark(
                    activity=activity, volunteer=volunteer, by=leader.user, checked_in_at=start,
                    checked_out_at=start + datetime.timedelta(hours=2 + offset % 2),
                )  # fmt: skip
            services.campaign_link(campaign=campaign, activity=activity, by=admin, people_served=15 + 5 * index)

    def _sichuan_volunteer(self, index, community):
        kind = (VolunteerKind.YOUTH, VolunteerKind.PARTY_MEMBER, VolunteerKind.ELDERLY, VolunteerKind.GENERAL)[
            index % 4
        ]
        sex = "MF"[index % 2]
        birth = self.birth_date(20, 60)
        return volunteer_register(
            name=self.person_name(),
            phone=f"1990051{index:04d}",
            password=None,
            id_number=self.id_number(birth, sex),
            profile={"sex": sex, "birth_date": birth, "region": community, "kind": kind},
        )
