"""The demo's sign-in accounts: one per role, with the published password and authenticator key."""

import base64

from orgs.models import Department, MembershipRole, MembershipStatus
from people.models import Qualification, Recipient, Role, RoleGrant, SocialWorker, User, phone_index
from people.services import user_create

DEMO_PASSWORD = "qianniu2026"  # noqa: S105 - printed for the demo, never used in production

# The demo accounts whose role requires two-factor sign-in share this authenticator key (base32, as an app
# asks for it); `manage.py demo_otp` prints its current code. Printed in README.md, never used in production.
DEMO_OTP_SECRET = "QIANNIUDEMOQIANNIUDEMOQIANNIUDEM"  # noqa: S105

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
    (9, "province admin", "内蒙古自治区"),
    (10, "province admin (coordination group)", "四川省"),
]


# The liaisons of the departments other than civil affairs (demo.accounts.build_department_liaisons).
LIAISON_NAMES = [
    "高娃",
    "王志刚",
    "包玉兰",
    "赵海涛",
    "萨仁",
    "李淑芬",
    "韩宝山",
    "乌日娜",
    "张国庆",
    "白玉梅",
    "孙立军",
]


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


class AccountsMixin:
    def role_account(self, number: int, name: str) -> User:
        return user_create(phone=role_phone(number), name=name, password=DEMO_PASSWORD)

    def build_role_accounts(self):
        admin = self.role_account(0, "系统管理员")
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        RoleGrant.objects.create(user=self.role_account(1, "乌云"), role=Role.REGION_ADMIN, region=self.county)
        province = self.county.parent.parent  # 内蒙古自治区: its dashboards reach down to every community
        RoleGrant.objects.create(user=self.role_account(9, "其其格"), role=Role.REGION_ADMIN, region=province)
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
        self.build_department_liaisons()

    def build_department_liaisons(self):
        """Every department has a liaison to receive its dispatches, granted by the county admin (the civil-affairs
        bureau's is the published demo account). Their numbers are 1380001NNNN, with the demo password."""
        county_admin = User.objects.get(phone_index=phone_index(role_phone(1)))
        staffed = set(RoleGrant.objects.filter(role=Role.DEPARTMENT_LIAISON).values_list("organisation_id", flat=True))
        waiting = [d for code, d in sorted(self.departments.items()) if d.pk not in staffed]
        for index, (department, name) in enumerate(zip(waiting, LIAISON_NAMES, strict=False)):
            user = user_create(phone=f"1380001{index:04d}", name=name, password=DEMO_PASSWORD)
            RoleGrant.objects.create(
                user=user, role=Role.DEPARTMENT_LIAISON, organisation=department, granted_by=county_admin
            )

    def build_authenticators(self):
        """The demo's superuser and region admins must sign in with a second factor: they get an authenticator
        with the documented demo key."""
        for user in User.objects.filter(phone_index__in=[phone_index(role_phone(n)) for n in (0, 1, 8, 9)]):
            self.authenticator_for(user)

    def authenticator_for(self, user: User):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        key = base64.b32decode(DEMO_OTP_SECRET).hex()
        TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)

    def reassign_phone(self, user: User, number: int):
        phone = role_phone(number)
        user.phone, user.phone_index, user.phone_last4 = phone, phone_index(phone), phone[-4:]
        user.save(update_fields=["phone", "phone_index", "phone_last4"])
