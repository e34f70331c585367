"""The demo county: 科尔沁左翼中旗 with real township names, its twelve departments, a social-work agency,
volunteer teams, volunteers of the four kinds and recipients of every group, plus 金川区龙广里社区 as a
second county to show that scopes do not leak. Deterministic for a given seed.

Township codes follow the structure of the statistical division codes (county code + 3-digit township +
3-digit village); they are illustrative, so a deployment imports the official list with `import_regions`.
"""

import base64
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dictionaries.models import Language, RecipientTag, ServiceField, Skill, TargetGroup
from orgs.models import Department, Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership, UnitType
from people.idcard import check_char
from people.models import (
    Consent,
    ConsentKind,
    ConsentMethod,
    IdType,
    Qualification,
    Recipient,
    Role,
    RoleGrant,
    SocialWorker,
    User,
    Volunteer,
    VolunteerKind,
    VolunteerNumberCounter,
    id_index,
    phone_index,
)
from people.services import PRIVACY_POLICY_VERSION, name_search_fields, recipient_create, user_create
from regions.models import Level, Region
from regions.services import region_create

DEMO_PASSWORD = "qianniu2026"  # noqa: S105 - printed for the demo, never used in production
# The demo accounts whose role requires two-factor sign-in share this authenticator key (base32, as an app
# asks for it); `manage.py demo_otp` prints its current code. Printed in README.md, never used in production.
DEMO_OTP_SECRET = "QIANNIUDEMOQIANNIUDEMOQIANNIUDEM"  # noqa: S105
COUNTY_CODE = "150521"

TOWNSHIPS = [
    # name, communities (社区 in the county seat, 嘎查/村 elsewhere)
    ("保康镇", ["团结社区", "民主社区", "和平社区", "吉祥社区", "胜利社区", "新华社区"]),
    ("宝龙山镇", ["宝龙山嘎查", "东艾力嘎查", "西艾力嘎查"]),
    ("舍伯吐镇", ["舍伯吐嘎查", "五家子嘎查", "前进村"]),
    ("巴彦塔拉镇", ["巴彦塔拉社区", "哈日干吐嘎查", "腰林嘎查"]),
    ("门达镇", ["门达嘎查", "白音花嘎查"]),
    ("架玛吐镇", ["架玛吐嘎查", "宝力根嘎查"]),
    ("腰林毛都镇", ["腰林毛都嘎查", "乌兰嘎查"]),
    ("花吐古拉镇", ["花吐古拉嘎查", "新发村"]),
    ("代力吉镇", ["代力吉嘎查", "巴彦茫哈嘎查"]),
    ("希伯花镇", ["希伯花嘎查", "满斗嘎查"]),
    ("协代苏木", ["协代嘎查", "那仁嘎查"]),
    ("敖包苏木", ["敖包嘎查", "查干嘎查"]),
    ("胜利乡", ["胜利村", "永安村"]),
    ("花胡硕苏木", ["花胡硕嘎查", "哈拉乌苏嘎查"]),
    ("珠日河牧场", ["珠日河分场"]),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩于董包白宝金韩"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰淑珍建国志红海燕"
MONGOLIAN_NAMES = [
    "巴特尔",
    "乌云其其格",
    "苏日娜",
    "阿拉坦",
    "额尔敦",
    "其木格",
    "朝鲁",
    "斯琴",
    "那仁",
    "萨仁",
    "图雅",
    "宝音",
    "哈斯",
    "格日勒",
    "敖其尔",
    "吉日嘎拉",
    "乌兰",
    "孟和",
    "都古尔",
    "阿迪雅",
]
TEAM_THEMES = [
    ("牵牛花", ["life_care", "spiritual_comfort", "emotional_counselling"]),
    ("红色先锋", ["theory_education", "sanitation"]),
    ("青春行", ["tutoring", "digital_skills", "culture"]),
    ("老兵服务", ["mediation", "social_participation"]),
    ("银龄互助", ["life_care", "digital_skills"]),
    ("乌兰牧骑文艺", ["culture", "spiritual_comfort"]),
    ("巾帼", ["legal_aid", "employment"]),
    ("健康守护", ["medical_aid", "rehabilitation"]),
    ("邻里帮办", ["errands", "life_care"]),
]
DEPARTMENT_NAMES = {
    Department.CIVIL_AFFAIRS: "民政局",
    Department.EDUCATION: "教育局",
    Department.HEALTH: "卫生健康委员会",
    Department.HUMAN_RESOURCES: "人力资源和社会保障局",
    Department.JUSTICE: "司法局",
    Department.DISABLED_FEDERATION: "残疾人联合会",
    Department.WOMEN_FEDERATION: "妇女联合会",
    Department.YOUTH_LEAGUE: "共青团旗委",
    Department.CULTURE_TOURISM: "文化旅游体育局",
    Department.MEDICAL_SECURITY: "医疗保障局",
    Department.HOUSING: "住房和城乡建设局",
    Department.EMERGENCY: "应急管理局",
}
# The demo's sign-in accounts: number in 138000000NN, role, where.
ROLE_ACCOUNTS = [
    (0, "back office (superuser)", "全部"),
    (1, "county admin", "科尔沁左翼中旗"),
    (2, "community social worker", "保康镇团结社区"),
    (3, "supervisor", "保康镇"),
    (4, "team leader", "团结社区牵牛花志愿服务队"),
    (5, "volunteer", "团结社区牵牛花志愿服务队"),
    (6, "department liaison", "科左中旗民政局"),
    (7, "resident", "保康镇团结社区"),
    (8, "region admin of another county", "甘肃省金昌市金川区"),
]
KIND_AGES = {
    VolunteerKind.PARTY_MEMBER: (25, 65),
    VolunteerKind.YOUTH: (18, 35),
    VolunteerKind.VETERAN: (28, 70),
    VolunteerKind.ELDERLY: (60, 78),
    VolunteerKind.GENERAL: (18, 65),
}


def role_phone(number: int) -> str:
    return f"138000000{number:02d}"


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(role, mobile number, name, where) of each demo account present in the database."""
    rows = []
    for number, role, where in ROLE_ACCOUNTS:
        user = User.objects.filter(phone_index=phone_index(role_phone(number))).first()
        if user:
            rows.append((role, role_phone(number), user.name, where))
    return rows


@dataclass
class DemoResult:
    volunteers: int = 0
    teams: int = 0
    recipients: int = 0


class DemoBuilder:
    def __init__(self, *, seed: int, volunteers: int, recipients: int, today: datetime.date | None = None):
        self.random = random.Random(seed)
        self.volunteer_total = volunteers
        self.recipient_total = recipients
        self.today = today or timezone.localdate()
        self.result = DemoResult()
        self.password_hash = make_password(DEMO_PASSWORD)
        self.id_serials: dict[datetime.date, int] = {}

    # --- small generators -------------------------------------------------------------------------

    def person_name(self) -> str:
        if self.random.random() < 0.35:
            surname = self.random.choice("包白宝韩吴")
            return surname + self.random.choice(MONGOLIAN_NAMES)
        given = "".join(self.random.choice(GIVEN) for _ in range(self.random.choice((1, 2))))
        return self.random.choice(SURNAMES) + given

    def birth_date(self, low: int, high: int) -> datetime.date:
        age_days = self.random.randint(low * 365 + 1, high * 365 - 1)
        return self.today - datetime.timedelta(days=age_days)

    def id_number(self, birth: datetime.date, sex: str) -> str:
        """A valid number, unique: the sequence counts people born the same day (odd for men)."""
        serial = self.id_serials.get(birth, 0)
        self.id_serials[birth] = serial + 1
        sequence = serial * 2 + (1 if sex == "M" else 0)
        first17 = f"{COUNTY_CODE}{birth:%Y%m%d}{sequence:03d}"
        return first17 + check_char(first17)

    def mobile(self, index: int) -> str:
        prefix = ("150", "151", "152", "157", "158", "159", "182", "187", "188", "139")[index % 10]
        return f"{prefix}{(index * 7919 + 12345) % 10**8:08d}"

    # --- the tree and the organisations --------------------------------------------------------------

    def build_regions(self):
        county = Region.objects.get(code=COUNTY_CODE)
        self.township_regions, self.communities = [], []
        for t_index, (township, communities) in enumerate(TOWNSHIPS):
            kind_code = 400 if "牧场" in township else (200 if ("苏木" in township or "乡" in township) else 100)
            t_region = region_create(
                code=f"{COUNTY_CODE}{kind_code + t_index:03d}000", name=township, level=Level.TOWNSHIP, parent=county
            )
            self.township_regions.append(t_region)
            for c_index, community in enumerate(communities, start=1):
                c_region = region_create(
                    code=f"{t_region.code[:9]}{c_index:03d}", name=community, level=Level.COMMUNITY, parent=t_region
                )
                self.communities.append(c_region)
                for grid in range(1, 3 if "社区" in community else 2):
                    region_create(
                        code=f"{c_region.code}G{grid:02d}",
                        name=f"第{'一二三'[grid - 1]}网格",
                        level=Level.GRID,
                        parent=c_region,
                    )
        self.county = county
        self.seat = self.communities[0]  # 保康镇团结社区

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

    # --- people ----------------------------------------------------------------------------------------

    def role_account(self, number: int, name: str) -> User:
        return user_create(phone=role_phone(number), name=name, password=DEMO_PASSWORD)

    def build_volunteers(self):
        skills, fields, languages = (
            list(Skill.objects.all()),
            list(ServiceField.objects.all()),
            list(Language.objects.all()),
        )
        chinese, mongolian = languages[0], languages[1]
        kinds = [
            VolunteerKind.PARTY_MEMBER,
            VolunteerKind.YOUTH,
            VolunteerKind.VETERAN,
            VolunteerKind.ELDERLY,
            VolunteerKind.GENERAL,
        ]
        weights = [25, 30, 10, 20, 15]
        year_prefix = f"{COUNTY_CODE}{self.today.year}"
        batch = 2000
        created = 0
        while created < self.volunteer_total:
            size = min(batch, self.volunteer_total - created)
            users, profiles = [], []
            for offset in range(size):
                index = created + offset
                name = self.person_name()
                phone = self.mobile(index)
                users.append(
                    User(
                        name=name,
                        phone=phone,
                        phone_index=phone_index(phone),
                        phone_last4=phone[-4:],
                        password=self.password_hash,
                        **name_search_fields(name),
                    )
                )
                kind = self.random.choices(kinds, weights)[0]
                sex = self.random.choice("MF")
                birth = self.birth_date(*KIND_AGES[kind])
                number = self.id_number(birth, sex)
                community = self.communities[index % len(self.communities)]
                slots = self.random.sample(range(21), self.random.randint(1, 6))
                profiles.append(
                    Volunteer(
                        volunteer_number=f"{year_prefix}{index + 1:06d}",
                        sex=sex,
                        birth_date=birth,
                        id_type=IdType.RESIDENT_ID,
                        id_number=number,
                        id_index=id_index(IdType.RESIDENT_ID, number),
                        region=community,
                        kind=kind,
                        availability=sorted(
                            (
                                {
                                    "weekday": s // 3,
                                    "start": ("08:00", "14:00", "19:00")[s % 3],
                                    "end": ("12:00", "18:00", "21:00")[s % 3],
                                }
                                for s in slots
                            ),
                            key=lambda w: (w["weekday"], w["start"]),
                        ),
                        registered_at=timezone.now() - datetime.timedelta(days=self.random.randint(0, 1500)),
                        latitude=round(44.13 + self.random.uniform(-0.5, 0.5), 6),
                        longitude=round(123.31 + self.random.uniform(-0.8, 0.8), 6),
                    )
                )
            User.objects.bulk_create(users)
            if users[0].pk is None:  # backends without RETURNING
                by_index = dict(
                    User.objects.filter(phone_index__in=[u.phone_index for u in users]).values_list("phone_index", "pk")
                )
                for user in users:
                    user.pk = by_index[user.phone_index]
            for user, profile in zip(users, profiles, strict=True):
                profile.user = user
            Volunteer.objects.bulk_create(profiles)
            self.link_volunteers(profiles, skills, fields, chinese, mongolian)
            created += size
        VolunteerNumberCounter.objects.update_or_create(prefix=year_prefix, defaults={"last": self.volunteer_total})
        self.result.volunteers = created

    def link_volunteers(self, profiles, skills, fields, chinese, mongolian):
        SkillLink, FieldLink, LanguageLink = (
            Volunteer.skills.through,
            Volunteer.service_fields.through,
            Volunteer.languages.through,
        )
        skill_rows, field_rows, language_rows, memberships, consents = [], [], [], [], []
        now = timezone.now()
        for volunteer in profiles:
            for skill in self.random.sample(skills, self.random.randint(0, 2)):
                skill_rows.append(SkillLink(volunteer_id=volunteer.pk, skill_id=skill.pk))
            for service_field in self.random.sample(fields, self.random.randint(1, 3)):
                field_rows.append(FieldLink(volunteer_id=volunteer.pk, servicefield_id=service_field.pk))
            language_rows.append(LanguageLink(volunteer_id=volunteer.pk, language_id=chinese.pk))
            if self.random.random() < 0.45:
                language_rows.append(LanguageLink(volunteer_id=volunteer.pk, language_id=mongolian.pk))
            same_community = [t for t in self.teams if t.region_id == volunteer.region_id] or self.teams
            team = self.random.choice(same_community)
            status = MembershipStatus.PENDING if self.random.random() < 0.03 else MembershipStatus.APPROVED
            memberships.append(
                TeamMembership(
                    team=team,
                    volunteer_id=volunteer.pk,
                    status=status,
                    decided_at=now if status == MembershipStatus.APPROVED else None,
                )
            )
            consents.append(
                Consent(
                    volunteer_id=volunteer.pk,
                    kind=ConsentKind.PRIVACY_POLICY,
                    scope="志愿者注册：基本信息、技能、服务时间与服务记录",
                    given_by="本人",
                    method=ConsentMethod.ONLINE,
                    policy_version=PRIVACY_POLICY_VERSION,
                    given_at=volunteer.registered_at,
                )
            )
        SkillLink.objects.bulk_create(skill_rows)
        FieldLink.objects.bulk_create(field_rows)
        LanguageLink.objects.bulk_create(language_rows)
        TeamMembership.objects.bulk_create(memberships)
        Consent.objects.bulk_create(consents)

    def build_leaders(self):
        """The first approved member of each team leads it."""
        for team in self.teams:
            first = team.memberships.filter(status=MembershipStatus.APPROVED).order_by("pk").first()
            if first:
                first.role = MembershipRole.LEADER
                first.save(update_fields=["role"])

    def build_recipients(self):
        groups = {g.code: g for g in TargetGroup.objects.all()}
        tags_by_group: dict[str, list] = {}
        for tag in RecipientTag.objects.select_related("group"):
            tags_by_group.setdefault(tag.group.code if tag.group else "", []).append(tag)
        profiles = [
            ("elderly", (65, 95)),
            ("child", (5, 13)),
            ("in_difficulty", (30, 70)),
            ("disabled", (20, 75)),
            ("woman", (25, 55)),
            ("youth", (14, 24)),
        ]
        for index in range(self.recipient_total):
            group_code, ages = profiles[index % len(profiles)]
            sex = "F" if group_code == "woman" else self.random.choice("MF")
            birth = self.birth_date(*ages)
            community = self.communities[(index * 5) % len(self.communities)] if index % 3 else self.seat
            data = {
                "sex": sex,
                "birth_date": birth,
                "region": community,
                "address": f"{self.random.randint(1, 30)}号楼{self.random.randint(1, 6)}单元",
                "id_number": self.id_number(birth, sex),
                "groups": [groups[group_code]],
                "tags": self.random.sample(
                    tags_by_group.get(group_code, []), min(1, len(tags_by_group.get(group_code, [])))
                ),
            }
            if group_code in {"child", "youth"} or self.random.random() < 0.4:
                data.update(
                    guardian_name=self.person_name(),
                    guardian_relation="母亲" if group_code == "child" else "子女",
                    guardian_phone=self.mobile(900000 + index),
                )
            if group_code not in {"child"} and self.random.random() < 0.6:
                data["phone"] = self.mobile(800000 + index)
            if group_code == "elderly" and self.random.random() < 0.3:
                data["groups"].append(groups["disabled"])
            recipient = recipient_create(by=None, name=self.person_name(), data=data)
            guardian = group_code == "child"
            Consent.objects.create(
                recipient=recipient,
                kind=ConsentKind.GUARDIAN if guardian else ConsentKind.SENSITIVE,
                scope="入户走访登记与服务需求记录",
                given_by=data.get("guardian_name") if guardian else recipient.name,
                relation=data.get("guardian_relation", "本人") if guardian else "本人",
                method=ConsentMethod.PAPER,
            )
        self.result.recipients = self.recipient_total

    def build_role_accounts(self):
        admin = self.role_account(0, "系统管理员")
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        RoleGrant.objects.create(user=self.role_account(1, "乌云"), role=Role.REGION_ADMIN, region=self.county)
        worker = self.role_account(2, "苏日娜")
        RoleGrant.objects.create(user=worker, role=Role.SOCIAL_WORKER, region=self.seat)
        SocialWorker.objects.create(
            user=worker, qualification=Qualification.INTERMEDIATE, certificate_number="S15052100123", agency=self.agency
        )
        supervisor = self.role_account(3, "白斯琴")
        RoleGrant.objects.create(user=supervisor, role=Role.SUPERVISOR, region=self.seat.parent)
        SocialWorker.objects.create(
            user=supervisor, qualification=Qualification.SENIOR, certificate_number="S15052100007", agency=self.agency
        )
        liaison = self.role_account(6, "刘建国")
        RoleGrant.objects.create(
            user=liaison, role=Role.DEPARTMENT_LIAISON, organisation=self.departments[Department.CIVIL_AFFAIRS]
        )
        # A leader and a member of the seat community's first team get numbers that are easy to type.
        seat_team = self.teams[0]
        self.reassign_phone(seat_team.memberships.get(role=MembershipRole.LEADER).volunteer.user, 4)
        member = (
            seat_team.memberships.filter(role=MembershipRole.MEMBER, status=MembershipStatus.APPROVED)
            .order_by("pk")
            .first()
        )
        self.reassign_phone(member.volunteer.user, 5)
        recipient = Recipient.objects.filter(region=self.seat, user__isnull=True).order_by("pk").first()
        recipient.user = self.role_account(7, recipient.name)
        recipient.save(update_fields=["user"])

    def build_authenticators(self):
        """The demo's superuser and region admins must sign in with a second factor: they get an authenticator
        with the documented demo key."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        key = base64.b32decode(DEMO_OTP_SECRET).hex()
        for user in User.objects.filter(phone_index__in=[phone_index(role_phone(n)) for n in (0, 1, 8)]):
            TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)

    def reassign_phone(self, user: User, number: int):
        phone = role_phone(number)
        user.phone, user.phone_index, user.phone_last4 = phone, phone_index(phone), phone[-4:]
        user.save(update_fields=["phone", "phone_index", "phone_last4"])

    def build_second_county(self):
        """金川区龙广里社区 with its own admin, agency, teams and people: a neighbour that must see nothing here."""
        community = Region.objects.get(code="620302001001")
        district = Region.objects.get(code="620302")
        Organisation.objects.create(kind=Kind.AGENCY, name="幸福家社工服务中心", region=community)
        for name in ("龙广益家志愿服务队", "李大姐说事团"):
            Organisation.objects.create(kind=Kind.TEAM, name=name, region=community)
        Organisation.objects.create(kind=Kind.AGENCY, name="金昌市广爱社工服务中心", region=district)
        outsider = self.role_account(8, "李红梅")
        RoleGrant.objects.create(user=outsider, role=Role.REGION_ADMIN, region=district)
        recipient_create(
            by=outsider,
            name="张桂兰",
            data={
                "sex": "F",
                "birth_date": datetime.date(1941, 3, 8),
                "region": community,
                "address": "龙广里3号楼",
                "groups": [TargetGroup.objects.get(code="elderly")],
                "tags": [RecipientTag.objects.get(code="living_alone_80")],
            },
        )

    def build_lists(self):
        """Projects, resources and needs in every state, including overdue and crisis ones."""
        from dispatch.models import Dispatch
        from dispatch.services import dispatch_accept, dispatch_complete, need_dispatch
        from needs import services as needs
        from needs.models import Need
        from projects.models import Project, ServiceItem, Target
        from resources.models import Resource

        fields = {f.code: f for f in ServiceField.objects.all()}
        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        liaison = User.objects.get(phone_index=phone_index(role_phone(6)))
        today = self.today
        start, end = today.replace(month=1, day=1), today.replace(month=12, day=31)
        groups = {g.code: g for g in TargetGroup.objects.all()}

        def project(name, method, region, items, targets, groups_, **extra):
            p = Project.objects.create(
                name=name,
                method=method,
                region=region,
                owner=self.agency,
                lead=worker,
                starts_on=start,
                ends_on=end,
                **extra,
            )
            p.target_groups.set([groups[g] for g in groups_])
            made = [
                ServiceItem.objects.create(project=p, name=n, service_field=fields[f], description=d)
                for n, f, d in items
            ]
            for label, count, index in targets:
                Target.objects.create(project=p, label=label, count=count, service_item=made[index])
            return made

        qianniu_items = project(
            "牵牛花全龄志愿服务",
            "community",
            self.county,
            [
                ("上门生活照料", "life_care", "助餐、助洁、代购"),
                ("精神慰藉陪伴", "spiritual_comfort", "定期探访聊天"),
                ("情绪疏导", "emotional_counselling", "社工一对一疏导"),
                ("危机干预", "crisis_intervention", "24小时响应"),
            ],
            [("上门照料服务人数", 200, 0), ("陪伴探访人数", 120, 1)],
            ["elderly", "child", "in_difficulty"],
            government_purchase=True,
            contract_number="KZZQ-MZ-2026-018",
            contract_amount=480000,
            description="依托社工站阵地，由通辽社会工作协会运营，围绕“一老一小一困”提供沉浸式服务。",
        )
        warm_items = project(
            "暖阳相伴",
            "casework",
            self.seat,
            [("高龄独居老人个性化照护", "life_care", "个案工作")],
            [("个案服务人数", 30, 0)],
            ["elderly"],
        )
        project(
            "银龄数字课堂",
            "group",
            self.seat,
            [("智能手机课", "digital_skills", "每周二上午，社工任技术导师")],
            [("结业老人", 50, 0)],
            ["elderly"],
        )
        jinchuan = Region.objects.get(code="620302001001")
        jinchuan_agency = Organisation.objects.get(name="幸福家社工服务中心")
        outsider = User.objects.get(phone_index=phone_index(role_phone(8)))
        chase = Project.objects.create(
            name="追光计划",
            method="group",
            region=jinchuan,
            owner=jinchuan_agency,
            lead=outsider,
            starts_on=start,
            ends_on=end,
        )
        for name, count in (("集中托养", 26), ("居家托养", 138)):
            Target.objects.create(
                project=chase,
                label=f"{name}人数",
                count=count,
                service_item=ServiceItem.objects.create(
                    project=chase, name=name, service_field=fields["rehabilitation"]
                ),
            )

        hospital = Organisation.objects.get(name="科左中旗人民医院")
        power = Organisation.objects.get(name="保康镇供电所")
        for provider, kind, name, field, capacity, unit, area in (
            (hospital, "clinic", "每月社区义诊", "medical_aid", 40, "人次", self.county),
            (power, "haircut", "爱心义剪", "life_care", 20, "次", self.seat.parent),
            (power, "repair", "家电义务维修", "errands", 15, "户", self.seat.parent),
            (self.departments[Department.JUSTICE], "legal", "法律援助咨询", "legal_aid", 10, "件", self.county),
        ):
            Resource.objects.create(
                provider=provider,
                kind=kind,
                name=name,
                service_field=fields[field],
                capacity=capacity,
                unit=unit,
                area=area,
                valid_from=start,
                valid_until=end,
                contact_name="联系人",
                contact_phone="0475-32000" + str(len(name)),
            )
        Resource.objects.create(
            provider=Organisation.objects.get(name="团结社区党委"),
            kind="venue",
            name="康复室",
            description="党群服务中心二楼，工作日开放",
            area=self.seat,
            capacity=None,
            valid_from=start,
        )

        recipients = list(Recipient.objects.filter(region=self.seat).order_by("pk")[:31])
        member = User.objects.get(phone_index=phone_index(role_phone(5))).volunteer
        stories = [
            ("life_care", "独居老人需要每周助餐送餐", "normal"),
            ("spiritual_comfort", "老人子女在外，希望有人陪伴聊天", "normal"),
            ("emotional_counselling", "留守儿童近期情绪低落，不愿上学", "urgent"),
            ("errands", "帮忙代办高龄津贴申领", "normal"),
            ("medical_aid", "慢性病老人需要定期测血压", "normal"),
            ("legal_aid", "邻里宅基地纠纷，需要法律咨询", "low"),
            ("digital_skills", "想学用智能手机视频通话", "low"),
            ("sanitation", "楼道堆物需要清理", "low"),
            ("mediation", "楼上漏水引发邻里矛盾", "urgent"),
            ("life_care", "行动不便，需要助浴", "normal"),
        ]
        made = []
        ordinary = recipients[:-1]  # the last one has the crisis
        for index, recipient in enumerate(ordinary):
            field, text, urgency = stories[index % len(stories)]
            need = needs.need_create(
                source=("home_visit", "resident", "referral", "grid")[index % 4],
                by=worker,
                data={
                    "recipient": recipient,
                    "region": recipient.region,
                    "address": recipient.address,
                    "description": text,
                    "urgency": urgency,
                    "service_field": fields[field],
                },
            )
            made.append(need)
        # A crisis found two hours ago, still unanswered.
        crisis = needs.need_create(
            source="grid",
            by=worker,
            data={
                "recipient": recipients[-1],
                "region": self.seat,
                "description": "网格员报告：独居老人多日未出门，电话无人接听",
                "crisis": True,
                "service_field": fields["crisis_intervention"],
            },
        )
        made.append(crisis)

        def age(need, hours):
            Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours))
            need.refresh_from_db()
            need.response_due_at = needs.response_due(start=need.created_at, urgency=need.urgency, crisis=need.crisis)
            need.save(update_fields=["response_due_at"])

        age(crisis, 3)
        for need in made[:3]:
            age(need, 100)  # overdue, never triaged
        for index, need in enumerate(made[3 : len(ordinary)], start=3):
            needs.need_triage(
                need=need, by=worker, service_field=need.service_field, urgency=need.urgency, crisis=False
            )
            stage = index % 6
            if stage == 0:
                continue  # triaged, waiting for an answer
            if stage == 1:
                needs.task_offer(
                    need=need,
                    by=worker,
                    volunteer=member,
                    what=need.description,
                    on=today + datetime.timedelta(days=2),
                    place=need.address,
                    contact="苏日娜 社工站 0475-3200000",
                )
            elif stage == 2:
                dispatch = need_dispatch(
                    need=need,
                    by=worker,
                    department=self.departments[Department.CIVIL_AFFAIRS],
                    deadline=timezone.now() + datetime.timedelta(days=3),
                    instructions="请核实并协助办理",
                )
                if index % 4 == 0:
                    Dispatch.objects.filter(pk=dispatch.pk).update(
                        deadline=timezone.now() - datetime.timedelta(hours=5)
                    )
                else:
                    dispatch_accept(dispatch=dispatch, by=liaison)
            elif stage in (3, 4):
                item = (warm_items + qianniu_items)[index % 3]
                needs.need_match_service_item(need=need, by=worker, item=item)
                needs.need_mark_served(need=need, by=worker)
                if stage == 4:
                    needs.need_evaluate(
                        need=need,
                        by=worker,
                        satisfaction=4 + index % 2,
                        comment="服务很贴心",
                        outcome="需求已解决",
                        given_by=need.recipient.name,
                    )
            else:
                dispatch = need_dispatch(
                    need=need,
                    by=worker,
                    department=self.departments[Department.CIVIL_AFFAIRS],
                    deadline=timezone.now() + datetime.timedelta(days=2),
                )
                dispatch_complete(dispatch=dispatch, by=liaison, result="已办结")
        needs.need_withdraw(need=made[len(ordinary) - 1], by=worker, reason="服务对象已随子女迁居外地")
        needs.escalate_overdue()

    def build_activities(self):
        """An activity under way now (its QR code works), a past one with recorded hours, one recruiting."""
        import uuid

        from activities import services as activities
        from activities.models import Activity, Signup, SignupStatus
        from ledger.models import LedgerEntry
        from ledger.services import correction_request

        team = self.teams[0]
        leader = team.memberships.get(role=MembershipRole.LEADER).volunteer.user
        members = [
            m.volunteer
            for m in team.memberships.filter(status=MembershipStatus.APPROVED).select_related("volunteer__user")[:12]
        ]
        now = timezone.now()

        def activity(title, content, start, hours, quota=20):
            end = start + datetime.timedelta(hours=hours)
            return Activity.objects.create(
                title=title, content=content, organiser=team, lead=leader, region=self.seat,
                place="团结社区党群服务中心", starts_at=start, ends_at=end, quota=quota, status="published",
            )  # fmt: skip

        past = activity(
            "重阳节敬老院包饺子", "陪伴老人包饺子、聊天、表演节目", now - datetime.timedelta(days=3, hours=3), 3
        )
        current = activity(
            "关爱独居老人上门探访",
            "两人一组上门探访高龄独居老人，陪伴聊天、检查水电安全",
            now - datetime.timedelta(hours=1),
            3,
        )
        activity("银龄数字课堂助教", "协助社工教老人使用智能手机视频通话", now + datetime.timedelta(days=2), 2, quota=6)
        # The past one: everyone attended; the leader marked them (several have no smartphone).
        for index, volunteer in enumerate(members):
            Signup.objects.create(activity=past, volunteer=volunteer, status=SignupStatus.APPROVED)
            start = past.starts_at + datetime.timedelta(minutes=10 * (index % 3))
            activities.attendance_mark(
                activity=past,
                volunteer=volunteer,
                by=leader,
                checked_in_at=start,
                checked_out_at=start + datetime.timedelta(hours=2, minutes=40),
            )
            activities.signup_create(activity=current, volunteer=volunteer)
        # Under way: some have checked in by QR code.
        for volunteer in members[:4]:
            activities.check_in(activity=current, volunteer=volunteer, key=uuid.uuid4())
        # Training by the community social worker, and the love supermarket.
        from ledger.models import Qualification, ShopItem, TrainingSession
        from ledger.services import training_record

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        session = TrainingSession.objects.create(
            title="失智老人照护培训", content="认识失智症、沟通技巧、防走失", trainer=worker, organiser=self.agency,
            region=self.seat, on=self.today - datetime.timedelta(days=10), hours=3,
            qualification=Qualification.objects.create(name="失智照护", valid_months=24),
        )  # fmt: skip
        training_record(session=session, volunteers=members[:8], by=worker)
        for name, points, stock in (
            ("食用油 1 桶", 10, 20),
            ("大米 5 公斤", 20, 15),
            ("理发券", 3, 50),
            ("毛巾", 2, 40),
        ):
            ShopItem.objects.create(region=self.seat, name=name, points=points, stock=stock)
        member = User.objects.get(phone_index=phone_index(role_phone(5))).volunteer
        entry = LedgerEntry.objects.filter(volunteer=member).first()
        if entry:
            correction_request(
                entry=entry, volunteer=member, hours=entry.hours + 1, reason="活动后帮忙收拾场地，多服务了1小时"
            )

    def build_matching(self):
        """Open needs of the coming week around the county seat, and one matching run over them, so the
        matching page has proposals to review (and a few needs it explains it cannot serve)."""
        from matching.models import MatchRun
        from matching.services import run_execute
        from needs import services as needs

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        fields = {f.code: f for f in ServiceField.objects.all()}
        skills = {s.code: s for s in Skill.objects.all()}
        mongolian = Language.objects.get(code="mn")
        monday = self.today + datetime.timedelta(days=7 - self.today.weekday())
        wishes = [
            ("spiritual_comfort", None, "老人独居，希望每周有人上门陪伴聊天", "weekly"),
            ("errands", None, "帮忙去镇上代购药品和日用品", "once"),
            ("life_care", "bathing", "行动不便，需要助浴", "once"),
            ("life_care", "haircut", "卧床老人需要上门理发", "once"),
            ("digital_skills", "smartphone", "想学用智能手机和子女视频", "once"),
            ("errands", "appliance_repair", "家里电饭锅坏了，需要上门维修", "once"),
            ("medical_aid", "medical", "慢性病老人需要上门测血压", "weekly"),
            ("errands", "driving", "需要有人开车送去旗医院复查", "once"),
            ("legal_aid", "legal", "赡养纠纷，需要法律咨询", "once"),
        ]
        in_seat = list(Recipient.objects.filter(region=self.seat).order_by("pk"))
        recipients = in_seat[31:67] or in_seat[:36]  # past those the needs list uses, when there are enough
        if not recipients:
            return
        for index, recipient in enumerate(recipients):
            field, skill, text, recurrence = wishes[index % len(wishes)]
            need = needs.need_create(
                source="home_visit",
                by=worker,
                data={
                    "recipient": recipient,
                    "region": recipient.region,
                    "address": recipient.address,
                    "description": text,
                    "service_field": fields[field],
                    "latitude": round(44.13 + self.random.uniform(-0.06, 0.06), 6),
                    "longitude": round(123.31 + self.random.uniform(-0.08, 0.08), 6),
                    "wanted_on": monday + datetime.timedelta(days=index % 7),
                    "wanted_part": ("", "am", "pm", "")[index % 4],
                    "recurrence": recurrence,
                    "language": mongolian if index % 4 == 1 else None,
                    "required_skills": [skills[skill]] if skill else [],
                    "max_distance_km": 20,
                },
            )
            needs.need_triage(need=need, by=worker, service_field=need.service_field, urgency="normal", crisis=False)
        # One no volunteer can serve: sign language and Mongolian within 2 km.
        need = needs.need_create(
            source="resident",
            by=worker,
            data={
                "recipient": recipients[0],
                "region": self.seat,
                "description": "听障老人想参加社区活动，需要懂手语、会蒙古语的志愿者陪同",
                "service_field": fields["social_participation"],
                "latitude": 44.13,
                "longitude": 123.31,
                "wanted_on": monday + datetime.timedelta(days=1),
                "wanted_part": "am",
                "language": mongolian,
                "required_skills": [skills["sign_language"]],
                "max_distance_km": 2,
            },
        )
        needs.need_triage(need=need, by=worker, service_field=need.service_field, urgency="urgent", crisis=False)
        # Started by the county admin, so volunteers from the whole county are candidates.
        admin = User.objects.get(phone_index=phone_index(role_phone(1)))
        run = MatchRun.objects.create(region=self.seat, starts_on=monday, weeks=2, created_by=admin)
        run_execute(run.pk)

    def build_casework(self):
        """Two cases of the community social worker: one whose plan waits for the supervisor, one crisis."""
        from casework import barthel
        from casework import services as casework

        worker = User.objects.get(phone_index=phone_index(role_phone(2)))
        people = list(Recipient.objects.filter(region=self.seat, groups__code="elderly").order_by("pk")[:2])
        if len(people) < 2:
            return
        case = casework.case_open(
            recipient=people[0], by=worker, presenting_problem="高龄独居，子女在外地，近来少言寡语"
        )
        casework.case_agree(case=case, by=worker, signed_on=self.today - datetime.timedelta(days=7))
        answers = {item: max(scores) for item, scores in barthel.ITEMS.items()} | {"bathing": 0, "stairs": 5}
        casework.case_assess(case=case, by=worker, barthel_answers=answers, risks={"isolation": True})
        casework.case_note_add(
            case=case,
            by=worker,
            contact_type="home_visit",
            minutes=50,
            content="上门探访，陪老人整理药盒，约定每周二再来",
        )
        casework.case_submit_plan(case=case, by=worker, goals=["每周两次上门探访", "每月参加一次社区曲艺队活动"])
        casework.case_open(
            recipient=people[1], by=worker, presenting_problem="网格员报告：多日未出门，电话无人接听", crisis=True
        )

        from groupwork import services as groupwork
        from mediation import services as mediation

        group = groupwork.group_create(
            name="银龄数字课堂", region=self.seat, goals="学会用智能手机视频通话、识别诈骗电话", by=worker
        )
        elders = list(Recipient.objects.filter(region=self.seat, groups__code="elderly").order_by("pk")[2:8])
        members = [groupwork.member_add(group=group, recipient=elder) for elder in elders]
        if members:
            groupwork.group_advance(group=group)
            groupwork.session_record(
                group=group,
                on=self.today - datetime.timedelta(days=7),
                plan="认识手机：开关机、音量、接电话",
                notes="老人们互相帮助，气氛很好",
                present=members[:-1],
            )
        mediation.dispute_record(
            kind="neighbour",
            region=self.seat,
            description="楼上卫生间漏水到楼下，两家多次争吵",
            reported_by="网格员",
            parties=[("王大爷", "楼下住户"), ("李女士", "楼上住户")],
            by=worker,
        )

    @transaction.atomic
    def build(self) -> DemoResult:
        self.build_regions()
        self.build_organisations()
        self.build_volunteers()
        self.build_leaders()
        self.build_recipients()
        self.build_role_accounts()
        self.build_second_county()
        self.build_authenticators()
        self.build_lists()
        self.build_activities()
        self.build_matching()
        self.build_casework()
        return self.result
