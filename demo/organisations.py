"""The county's departments, its social-work agency and the volunteer teams of each community."""

from demo.names import DEPARTMENT_NAMES, TEAM_THEMES
from dictionaries.models import ServiceField
from orgs.models import Kind, Organisation, UnitType


class OrganisationsMixin:
    def build_organisations(self):
        county = self.county
        self.departments = {
            code: Organisation.objects.create(
                kind=Kind.DEPARTMENT, department=code, name=f"科左中旗{name}", region=county
            )
            for code, name in DEPARTMENT_NAMES.items()
        }
        Organisation.objects.create(kind=Kind.PARTY_COMMITTEE, name="团结社区党委", region=self.seat)
        self.agency = Organisation.objects.create(
            kind=Kind.AGENCY,
            name="通辽社会工作协会",
            region=county,
            contact_name="社工站",
            contact_phone="0475-3200000",
            description="政府购买服务引入的专业社工机构，运营科左中旗社工站。",
        )
        Organisation.objects.create(
            kind=Kind.AGENCY,
            name="达尔罕居民服务中心",
            region=self.township_regions[0],
            description="社区党组织领办孵化的社区专业社工组织。",
        )
        for name, unit_type, region in (
            ("科左中旗人民医院", UnitType.HOSPITAL, self.township_regions[0]),
            ("保康第一中学", UnitType.SCHOOL, self.township_regions[0]),
            ("保康镇供电所", UnitType.ENTERPRISE, self.township_regions[0]),
            ("舍伯吐镇卫生院", UnitType.HOSPITAL, self.township_regions[2]),
        ):
            Organisation.objects.create(kind=Kind.UNIT, unit_type=unit_type, name=name, region=region)
        fields = {f.code: f for f in ServiceField.objects.all()}
        team_count = max(len(self.communities), self.volunteer_total // 116)
        self.teams = []
        used: dict[str, int] = {}
        for index in range(team_count):
            community = self.communities[index % len(self.communities)]
            theme, field_codes = TEAM_THEMES[index % len(TEAM_THEMES)]
            name = f"{community.name}{theme}志愿服务队"
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name = f"{community.name}{theme}志愿服务{used[name]}队"
            team = Organisation.objects.create(kind=Kind.TEAM, name=name, region=community)
            team.service_fields.set([fields[c] for c in field_codes])
            self.teams.append(team)
        self.result.teams = len(self.teams)
