import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services as activities
from ledger import recognition
from ledger.models import EntryKind, Exchange, Qualification, QualificationGrant, ShopItem, TrainingSession
from ledger.services import (
    LedgerError,
    entry_append,
    exchange_make,
    holds_qualification,
    total_hours,
    training_record,
)
from ledger.services import recognition as recognition_of
from qianniu.tests import factories as f


def test_star_levels_and_points_follow_the_thresholds():
    thresholds = [100, 300, 600, 1000, 1500]
    assert [recognition.star_level(Decimal(h), thresholds) for h in (0, 99.5, 100, 650, 1500, 3000)] == [
        0,
        0,
        1,
        3,
        5,
        5,
    ]
    assert recognition.points_earned(Decimal("2000"), per_hour=1, cap_hours=1500) == 1500


@pytest.fixture
def mediation(world):
    qualification = Qualification.objects.create(name="矛盾调解技巧", valid_months=12)
    session = TrainingSession.objects.create(
        title="李大姐说事团调解技巧培训",
        content="《民法典》与调解方法",
        trainer=world.social_worker,
        organiser=world.team,
        region=world.community,
        on=datetime.date(2026, 11, 1),
        hours=Decimal("3"),
    )
    session.qualifications.set([qualification])
    return session


def test_a_social_worker_records_a_training(world, login, mediation):
    client = login(world.social_worker)
    response = client.post(
        reverse("ledger:training_detail", args=[mediation.pk]), {"numbers": world.volunteer.volunteer_number}
    )
    assert response.status_code == 302
    assert total_hours(world.volunteer, EntryKind.TRAINING) == Decimal("3")
    grant = world.volunteer.qualifications.get()
    assert grant.expires_on == datetime.date(2027, 11, 1)
    client.post(reverse("ledger:training_detail", args=[mediation.pk]), {"numbers": world.volunteer.volunteer_number})
    assert total_hours(world.volunteer, EntryKind.TRAINING) == Decimal("3")  # recorded once


def test_a_training_refuses_volunteers_outside_the_area(world, login, mediation):
    client = login(world.social_worker)
    client.post(
        reverse("ledger:training_detail", args=[mediation.pk]), {"numbers": world.foreign_volunteer.volunteer_number}
    )
    assert not world.foreign_volunteer.qualifications.exists()
    assert login(world.outsider).get(reverse("ledger:training_detail", args=[mediation.pk])).status_code == 404


def test_an_activity_that_needs_training_refuses_the_untrained_and_the_expired(world, mediation):
    from activities.models import Activity

    now = timezone.now()
    activity = Activity.objects.create(
        title="邻里纠纷调解",
        content="x",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="x",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1, hours=2),
        quota=5,
        status="published",
        required_qualification=mediation.qualifications.get(),
    )
    with pytest.raises(activities.ActivityError, match="矛盾调解技巧"):
        activities.signup_create(activity=activity, volunteer=world.volunteer)
    training_record(session=mediation, volunteers=[world.volunteer], by=world.social_worker)
    assert activities.signup_create(activity=activity, volunteer=world.volunteer).status == "approved"
    world.volunteer.qualifications.update(expires_on=timezone.localdate())
    with pytest.raises(activities.ActivityError, match="矛盾调解技巧"):
        activities.signup_create(activity=activity, volunteer=world.other_volunteer)


def test_points_buy_items_while_stock_and_points_last(world, login):
    entry_append(
        volunteer=world.volunteer,
        kind=EntryKind.SERVICE,
        by=world.team_leader,
        activity_name="探访",
        on=datetime.date(2026, 11, 2),
        place="x",
        content="x",
        hours=Decimal("12"),
        organiser="队",
        lead="吴乌兰",
    )
    oil = ShopItem.objects.create(region=world.community, name="食用油", points=5, stock=1)
    rice = ShopItem.objects.create(region=world.county, name="大米", points=10, stock=5)
    client = login(world.volunteer_user)
    client.post(reverse("ledger:shop"), {"item": oil.pk})
    assert client.get(reverse("ledger:shop")).context["recognition"]["points"] == 7
    client.post(reverse("ledger:shop"), {"item": oil.pk})  # out of stock
    client.post(reverse("ledger:shop"), {"item": rice.pk})  # not enough points
    assert Exchange.objects.count() == 1
    oil.refresh_from_db()
    assert oil.stock == 0
    with pytest.raises(LedgerError, match="积分不足"):
        exchange_make(volunteer=world.volunteer, item=rice)


def test_items_of_another_county_cannot_be_bought(world, login):
    foreign = ShopItem.objects.create(region=world.foreign_community, name="毛巾", points=0, stock=3)
    assert login(world.volunteer_user).post(reverse("ledger:shop"), {"item": foreign.pk}).status_code == 404


def test_staff_record_awards_and_evaluations_on_the_record(world, login):
    client = login(world.county_admin)
    client.post(
        reverse("ledger:record_add", args=[world.volunteer.pk, "award"]),
        {"name": "优秀志愿者", "on": "2026-11-01", "granted_by": "科左中旗志愿服务联合会"},
    )
    client.post(
        reverse("ledger:record_add", args=[world.volunteer.pk, "evaluation"]),
        {"rating": "excellent", "on": "2026-11-02", "unit": "团结社区牵牛花志愿服务队"},
    )
    body = login(world.volunteer_user).get(reverse("ledger:record")).content.decode()
    assert "优秀志愿者" in body and "科左中旗志愿服务联合会" in body and "团结社区牵牛花志愿服务队" in body
    for user in (world.social_worker, world.outsider, world.volunteer_user):
        status = login(user).get(reverse("ledger:record_add", args=[world.volunteer.pk, "award"])).status_code
        assert status in {403, 404}, user


def training_form(world, **changes):
    data = {
        "title": "急救培训", "content": "心肺复苏", "trainer": world.social_worker.pk, "organiser": world.team.pk,
        "region": world.community.pk, "on": timezone.localdate().isoformat(), "hours": "2",
    }  # fmt: skip
    return data | changes


def test_a_training_is_dated_within_a_year(world, login):
    client = login(world.social_worker)
    far = (timezone.localdate() + datetime.timedelta(days=800)).isoformat()
    assert (
        "日期不能晚于" in client.post(reverse("ledger:training_create"), training_form(world, on=far)).content.decode()
    )
    assert not TrainingSession.objects.filter(title="急救培训").exists()
    assert client.post(reverse("ledger:training_create"), training_form(world)).status_code == 302


def test_training_hours_are_recorded_once_the_training_has_taken_place(world, login):
    client = login(world.social_worker)
    soon = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    client.post(reverse("ledger:training_create"), training_form(world, on=soon))
    session = TrainingSession.objects.get(title="急救培训")
    client.post(reverse("ledger:training_detail", args=[session.pk]), {"numbers": world.volunteer.volunteer_number})
    assert total_hours(world.volunteer, EntryKind.TRAINING) == 0
    with pytest.raises(LedgerError, match="培训结束后"):
        training_record(session=session, volunteers=[world.volunteer], by=world.social_worker)
    session.on = timezone.localdate()
    session.save(update_fields=["on"])
    client.post(reverse("ledger:training_detail", args=[session.pk]), {"numbers": world.volunteer.volunteer_number})
    assert total_hours(world.volunteer, EntryKind.TRAINING) == 2


def test_an_award_is_dated_in_the_past(world, login):
    client = login(world.county_admin)
    url = reverse("ledger:record_add", args=[world.volunteer.pk, "award"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"name": "优秀志愿者", "on": tomorrow, "granted_by": "联合会"})
    assert "日期不能晚于" in response.content.decode() and not world.volunteer.awards.exists()
    client.post(url, {"name": "优秀志愿者", "on": timezone.localdate().isoformat(), "granted_by": "联合会"})
    assert world.volunteer.awards.count() == 1


@pytest.mark.parametrize("hours", ["0.25", "24.5", "0", "-2"])
def test_training_hours_are_half_hours_up_to_24(world, login, hours):
    client = login(world.social_worker)
    body = client.post(reverse("ledger:training_create"), training_form(world, hours=hours)).content.decode()
    assert "时长须大于 0、不超过 24 小时，以 0.5 小时为单位" in body
    assert "training_hours_positive" not in body
    assert not TrainingSession.objects.filter(title="急救培训").exists()
    client.post(reverse("ledger:training_create"), training_form(world, hours="2.5"))
    assert TrainingSession.objects.get(title="急救培训").hours == Decimal("2.5")


def test_a_qualification_is_held_from_its_grant_until_it_expires_and_is_only_that_one(world, mediation):
    qualification = mediation.qualifications.get()
    other = Qualification.objects.create(name="急救", valid_months=12)
    day = datetime.date(2026, 11, 15)
    assert not holds_qualification(world.volunteer, qualification, day)
    grant = QualificationGrant.objects.create(
        volunteer=world.volunteer, qualification=qualification, session=mediation, granted_on=day, expires_on=None
    )
    assert holds_qualification(world.volunteer, qualification, day)  # no end date: held for good
    assert not holds_qualification(world.volunteer, qualification, day - datetime.timedelta(days=1))  # not yet
    assert not holds_qualification(world.volunteer, other, day)  # another qualification is not this one
    grant.expires_on = day + datetime.timedelta(days=30)
    grant.save(update_fields=["expires_on"])
    assert holds_qualification(world.volunteer, qualification, grant.expires_on)  # the last day counts
    assert not holds_qualification(world.volunteer, qualification, grant.expires_on + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    ("on", "months", "expires"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),  # no 31 February: the month's last day
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 4, 30)),
        (datetime.date(2025, 12, 15), 1, datetime.date(2026, 1, 15)),  # into the next year
        (datetime.date(2023, 1, 31), 13, datetime.date(2024, 2, 29)),  # a leap year's February
    ],
)
def test_a_qualification_ends_on_the_same_day_months_later_or_the_month_s_last(world, on, months, expires):
    session = TrainingSession.objects.create(
        title="急救培训",
        content="心肺复苏",
        trainer=world.social_worker,
        organiser=world.team,
        region=world.community,
        on=on,
        hours=Decimal("2"),
    )
    session.qualifications.set([Qualification.objects.create(name="急救", valid_months=months)])
    training_record(session=session, volunteers=[world.volunteer], by=world.social_worker)
    assert world.volunteer.qualifications.get().expires_on == expires


def test_an_exchange_takes_exactly_its_points_and_stock_and_refuses_what_is_withdrawn_or_short(world):
    entry_append(
        volunteer=world.volunteer,
        kind=EntryKind.SERVICE,
        by=world.team_leader,
        activity_name="探访",
        on=datetime.date(2026, 11, 2),
        place="x",
        content="x",
        hours=Decimal("12"),
        organiser="队",
        lead="吴乌兰",
    )
    withdrawn = ShopItem.objects.create(region=world.community, name="毛巾", points=1, stock=5, active=False)
    with pytest.raises(LedgerError, match="^该商品库存不足。$"):
        exchange_make(volunteer=world.volunteer, item=withdrawn)
    soap = ShopItem.objects.create(region=world.community, name="肥皂", points=4, stock=3)
    with pytest.raises(LedgerError, match="^该商品库存不足。$"):
        exchange_make(volunteer=world.volunteer, item=soap, quantity=4)
    exchange = exchange_make(volunteer=world.volunteer, item=soap, quantity=3)  # 12 points of 12: all of them
    soap.refresh_from_db()
    assert (exchange.quantity, exchange.points, soap.stock) == (3, 12, 0)
    assert recognition_of(world.volunteer) == {
        "hours": Decimal("12"), "stars": 0, "next_threshold": 100, "rating_body": "旗（县）志愿服务联合会",
        "points": 0, "points_earned": 12, "points_spent": 12,
    }  # fmt: skip
    soap.stock = 1
    soap.save(update_fields=["stock"])
    with pytest.raises(LedgerError, match="^积分不足。$"):
        exchange_make(volunteer=world.volunteer, item=soap)
    assert Exchange.objects.filter(volunteer=world.volunteer).count() == 1


def test_a_training_is_recorded_once_per_person_and_skips_only_those_it_has_counted(world, mediation):
    day, title = mediation.on, mediation.title
    mediation.content = "调" * 600
    mediation.save(update_fields=["content"])
    open_ended = Qualification.objects.create(name="普法宣传", valid_months=None)
    mediation.qualifications.add(open_ended)
    other_session = TrainingSession.objects.create(
        title="急救培训", content="x", trainer=world.social_worker, organiser=world.team, region=world.community,
        on=day, hours=Decimal("2"),
    )  # fmt: skip
    people = {name: f.volunteer(name=name, region=world.community) for name in "甲乙丙丁戊己庚辛"}

    def entry(volunteer, kind, name, on):
        entry_append(
            volunteer=volunteer, kind=kind, by=world.social_worker, activity_name=name, on=on, place="x",
            content="x", hours=Decimal("1"), organiser="队", lead="吴乌兰",
        )  # fmt: skip

    QualificationGrant.objects.create(  # granted by this session already, without its hours: counted
        volunteer=people["甲"], qualification=open_ended, session=mediation, granted_on=day
    )
    entry(people["丙"], EntryKind.TRAINING, title, day)  # its hours already in the ledger: counted
    entry(people["戊"], EntryKind.SERVICE, title, day)  # service of that name, not the training
    entry(people["己"], EntryKind.TRAINING, "另一培训", day)  # another training that day
    entry(people["庚"], EntryKind.TRAINING, title, day - datetime.timedelta(days=30))  # the same course before
    QualificationGrant.objects.create(  # a qualification from another session
        volunteer=people["辛"], qualification=open_ended, session=other_session, granted_on=day
    )
    everyone = list(people.values())
    assert training_record(session=mediation, volunteers=everyone, by=world.social_worker) == 6
    assert training_record(session=mediation, volunteers=everyone, by=world.social_worker) == 0

    def trainings(volunteer):
        return volunteer.ledger.filter(kind=EntryKind.TRAINING, activity_name=title, on=day)

    assert {name: trainings(volunteer).count() for name, volunteer in people.items()} == {
        "甲": 0, "乙": 1, "丙": 1, "丁": 1, "戊": 1, "己": 1, "庚": 1, "辛": 1,
    }  # fmt: skip
    assert trainings(people["乙"]).get().content == "调" * 500
    grants = QualificationGrant.objects.filter(session=mediation)
    assert {grant.volunteer.user.name for grant in grants} == set("甲乙丁戊己庚辛")
    held = grants.filter(volunteer=people["乙"]).values_list("qualification__name", "granted_on", "expires_on")
    assert set(held) == {
        ("矛盾调解技巧", day, datetime.date(2027, 11, 1)),
        ("普法宣传", day, None),
    }
