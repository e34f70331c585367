"""Events that waited on a home page until someone opened it now raise a notification, once per event and
person: a need waiting for triage (the area's social workers), a team application (the team's leaders), a
correction request (those who decide it), a request about personal information filed and gone past its due
day (the region admins who decide it)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ledger.models import EntryKind
from ledger.services import correction_request, entry_append
from ledger.tests.corrections import served
from needs import services as needs
from notifications.models import Message, Notification
from orgs.services import membership_apply, membership_decide
from people.models import Role
from privacy import services as privacy
from qianniu.tests import factories as f


def titles(user) -> list[str]:
    return list(Notification.objects.filter(person=user).order_by("pk").values_list("title", flat=True))


def told(kind) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("person_id", flat=True))


def test_a_new_need_tells_the_areas_social_workers_but_not_whoever_recorded_it(world):
    township_worker = f.UserFactory(name="包海龙")
    f.grant(township_worker, Role.SOCIAL_WORKER, region=world.township)
    need = needs.need_create(
        source="resident",
        by=world.resident,
        data={"recipient": world.recipient, "region": world.community, "description": "想找人陪同去医院"},
    )
    assert told("need_waiting") == {world.social_worker.pk, township_worker.pk}
    due = timezone.localtime(need.response_due_at)
    assert titles(world.social_worker) == [f"团结社区有一项新需求等待分诊（请于{due:%-m月%-d日 %H:%M}前响应）。"]
    assert Notification.objects.get(person=world.social_worker).url == f"/needs/{need.pk}/"
    assert "陪同" not in str(list(Message.objects.values("text", "params")))  # the description stays private
    recorded = needs.need_create(
        source="staff", by=world.social_worker, data={"recipient": world.recipient, "region": world.community}
    )
    assert not Notification.objects.filter(person=world.social_worker, event_key=f"need:{recorded.pk}:waiting")
    assert Notification.objects.filter(person=township_worker, event_key=f"need:{recorded.pk}:waiting").exists()
    assert titles(world.other_social_worker) == []


def test_an_application_tells_the_teams_leaders_once_and_again_when_made_anew(world):
    membership = membership_apply(team=world.team, volunteer=world.other_volunteer)
    membership_apply(team=world.team, volunteer=world.other_volunteer)  # applying twice is harmless
    assert titles(world.team_leader) == ["李四 申请加入团结社区牵牛花志愿服务队。"]
    assert told("application_waiting") == {world.team_leader.pk}
    assert Message.objects.filter(kind="application_waiting").count() == 1  # the leader's phone: one SMS
    membership_decide(membership=membership, by=world.team_leader, approve=False, note="人数已满")
    membership_apply(team=world.team, volunteer=world.other_volunteer)
    assert len(titles(world.team_leader)) == 2


def test_a_correction_request_tells_the_teams_leader_who_decides_it_never_the_volunteer(world, past_activity):
    entry = served(past_activity, world.volunteer, by=world.team_leader)
    request = correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("1.5"), reason="提前离开")
    assert titles(world.team_leader) == ["张三 申请更正“重阳节敬老院包饺子”的时长：2 → 1.5 小时。"]
    assert told("correction_waiting") == {world.team_leader.pk}
    assert Notification.objects.get(event_key=f"correction:{request.pk}:waiting").url == "/corrections/"


def test_a_leaders_own_correction_goes_to_whoever_else_decides_it(world, past_activity):
    second = f.volunteer(name="赵敏", region=world.community)
    f.member(world.team, second, leader=True)
    entry = served(past_activity, second, by=world.team_leader)
    correction_request(entry=entry, volunteer=second, hours=Decimal("2.5"), reason="帮忙收拾场地")
    assert told("correction_waiting") == {world.team_leader.pk}


def test_a_correction_of_hours_from_no_activity_tells_the_nearest_admins_of_the_volunteers_area(world):
    province_admin = f.UserFactory(name="其其格")
    f.grant(province_admin, Role.REGION_ADMIN, region=world.county.parent.parent)
    entry = entry_append(
        volunteer=world.volunteer,
        kind=EntryKind.TRAINING,
        by=world.social_worker,
        activity_name="急救培训",
        on=timezone.localdate() - datetime.timedelta(days=3),
        place="社区服务站",
        content="急救培训",
        hours=Decimal("3"),
        organiser="团结社区",
        lead="苏日娜",
    )
    correction_request(entry=entry, volunteer=world.volunteer, hours=Decimal("4"), reason="培训延长")
    assert told("correction_waiting") == {world.county_admin.pk}


def test_a_pi_request_tells_the_county_admins_then_those_above_when_overdue(world):
    province_admin = f.UserFactory(name="其其格")
    f.grant(province_admin, Role.REGION_ADMIN, region=world.county.parent.parent)
    request = privacy.pi_request_file(by=world.volunteer_user, kind="delete", detail="", reason="不再参加志愿服务")
    assert told("pi_request_waiting") == {world.county_admin.pk}
    due = request.due_on
    assert titles(world.county_admin) == [f"有一项个人信息申请等待您处理，期限{due.year}年{due.month}月{due.day}日。"]
    later = timezone.now() + datetime.timedelta(days=60)
    assert privacy.pi_requests_escalate(now=later) == 1
    assert privacy.pi_requests_escalate(now=later) == 0
    assert told("pi_request_escalated") == {world.county_admin.pk, province_admin.pk}
    assert Notification.objects.filter(kind="pi_request_escalated").count() == 2
    assert titles(province_admin)[0].startswith("科尔沁左翼中旗有一项个人信息申请已超过期限")
    assert titles(world.outsider) == []


def test_the_county_admins_own_request_goes_to_the_admins_above(world):
    province_admin = f.UserFactory(name="其其格")
    f.grant(province_admin, Role.REGION_ADMIN, region=world.county.parent.parent)
    privacy.pi_request_file(by=world.county_admin, kind="delete", detail="", reason="调离")
    assert told("pi_request_waiting") == {province_admin.pk}
