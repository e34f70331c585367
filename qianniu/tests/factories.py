"""Test data, built through the same service functions the product uses (so numbers are encrypted and
indexed exactly as in production)."""

import datetime
import itertools

import factory

from orgs.models import Kind, MembershipRole, MembershipStatus, Organisation, TeamMembership
from people import services
from people.idcard import check_char
from people.models import Recipient, RoleGrant, User, Volunteer
from regions.models import Region
from regions.services import region_create

PASSWORD = "correct-horse-9"
_phones = itertools.count(1)
_ids = itertools.count(1)
_births = itertools.count(0)


def next_phone() -> str:
    return f"139{next(_phones):08d}"  # 13900000001, …: room for a whole session of tests


def resident_id(birth: datetime.date = datetime.date(1985, 6, 15), sex: str = "M", county: str = "150521") -> str:
    sequence = next(_ids) % 500 * 2 + (1 if sex == "M" else 0)
    first17 = f"{county}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def region(code: str, name: str, level: str, parent: Region) -> Region:
    return Region.objects.filter(code=code).first() or region_create(code=code, name=name, level=level, parent=parent)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    name = factory.Sequence(lambda n: f"用户{n}")
    phone = factory.LazyFunction(next_phone)
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.user_create(**kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Kind.TEAM
    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="150521"))


def volunteer(*, name: str = "志愿者", region: Region, phone: str | None = None, team=None, **profile) -> Volunteer:
    birth = profile.pop("birth_date", None) or datetime.date(1960, 1, 1) + datetime.timedelta(days=next(_births))
    sex = profile.pop("sex", "M")
    return services.volunteer_register(
        name=name,
        phone=phone or next_phone(),
        password=PASSWORD,
        id_number=resident_id(birth, sex),
        profile={"sex": sex, "birth_date": birth, "region": region, **profile},
        team=team,
    )


def member(team: Organisation, vol: Volunteer, *, leader: bool = False) -> TeamMembership:
    membership, _ = TeamMembership.objects.update_or_create(
        team=team,
        volunteer=vol,
        defaults={
            "status": MembershipStatus.APPROVED,
            "role": MembershipRole.LEADER if leader else MembershipRole.MEMBER,
        },
    )
    return membership


def recipient(*, name: str = "服务对象", region: Region, **data) -> Recipient:
    return services.recipient_create(by=None, name=name, data={"sex": "F", "region": region, **data})


def grant(
    user: User, role: str, *, region: Region | None = None, organisation: Organisation | None = None
) -> RoleGrant:
    return RoleGrant.objects.create(user=user, role=role, region=region, organisation=organisation)


def many_volunteers(count: int, *, region: Region) -> list[Volunteer]:
    """Many volunteers at once, for load-shaped tests: the same rows registration writes, in bulk."""
    from people.models import IdType, id_index, phone_index

    users = []
    for _ in range(count):
        phone = next_phone()
        users.append(User(name="批量志愿者", phone=phone, phone_index=phone_index(phone), phone_last4=phone[-4:]))
    User.objects.bulk_create(users)
    users = list(User.objects.filter(phone_index__in=[u.phone_index for u in users]))
    volunteers = []
    for user in users:
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=next(_births))
        number = resident_id(born)
        volunteers.append(
            Volunteer(
                user=user, volunteer_number=f"9{user.pk:015d}", sex="M", birth_date=born,
                id_number=number, id_index=id_index(IdType.RESIDENT_ID, number), region=region,
            )
        )  # fmt: skip
    Volunteer.objects.bulk_create(volunteers)
    return list(Volunteer.objects.filter(user__in=users))


def triaged(need, *, by):
    """A need past triage, with nothing changed, ready to be answered."""
    from needs import services

    return services.need_triage(need=need, by=by, service_field=None, urgency="normal", crisis=False)


def task_for(need, *, by, volunteer=None, team=None, what="x", place="x", contact="y"):
    from django.utils import timezone

    from needs import services

    return services.task_offer(
        need=need,
        by=by,
        volunteer=volunteer,
        team=team,
        what=what,
        on=timezone.localdate(),
        place=place,
        contact=contact,
    )


def dispatched(need, *, by, department, days: int = 1):
    from django.utils import timezone

    from dispatch.services import need_dispatch

    deadline = timezone.now() + datetime.timedelta(days=days)
    return need_dispatch(need=need, by=by, department=department, deadline=deadline)


def authenticator(user):
    """A confirmed authenticator (TOTP) for two-factor sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=True
    )


def two_factor_verified(client, user):
    """Record in the client's session that the user gave their second factor, as django_otp.login does
    after the verify page accepted a code. Only for users who need it: the rule is left to judge others."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from signin.selectors import has_two_factor, two_factor_required

    if not (two_factor_required(user) or has_two_factor(user)):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def dispatched_need(world, description: str = "x"):
    """The world recipient's need, triaged and sent to the world's department: (need, dispatch)."""
    from needs import services

    need = services.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": description},
    )
    triaged(need, by=world.social_worker)
    return need, dispatched(need, by=world.social_worker, department=world.department)
