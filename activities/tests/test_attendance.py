import datetime
import re
import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance, Signup
from ledger.models import LedgerEntry
from ledger.services import total_hours
from qianniu.tests import factories as f


def test_signing_up_past_the_quota_waits_and_moves_up_on_a_cancellation(world, activity):
    first = services.signup_create(activity=activity, volunteer=world.volunteer)
    services.signup_create(activity=activity, volunteer=world.team_leader.volunteer)
    third = services.signup_create(activity=activity, volunteer=world.other_volunteer)
    assert third.status == "waiting"
    assert services.signup_create(activity=activity, volunteer=world.volunteer).pk == first.pk  # twice: no change
    services.signup_cancel(signup=first)
    third.refresh_from_db()
    assert third.status == "approved"


def test_a_risky_activity_is_not_published_without_insurance(world, login, activity):
    response = login(world.team_leader).post(
        reverse("activities:edit", args=[activity.pk]),
        {
            "title": activity.title,
            "content": "x",
            "organiser": world.team.pk,
            "lead": world.team_leader.pk,
            "region": world.community.pk,
            "place": "x",
            "starts_at": "2026-12-01T09:00",
            "ends_at": "2026-12-01T11:00",
            "quota": 5,
            "min_age": 18,
            "risky": "on",
            "status": "published",
        },
    )
    assert response.status_code == 200 and "保险" in response.content.decode()
    activity.refresh_from_db()
    assert not activity.risky


def scan(client, activity):
    """What a phone does: open the URL in the QR code, then press the button."""
    url = reverse("activities:attend", args=[services.qr_token(activity)])
    page = client.get(url).content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    return page, ticket, key


def test_check_in_and_out_by_qr_records_the_hours(world, login, activity):
    activity.starts_at = timezone.now() - datetime.timedelta(hours=3)
    activity.save(update_fields=["starts_at"])
    services.signup_create(activity=activity, volunteer=world.volunteer)
    client = login(world.volunteer_user)
    _page, ticket, key = scan(client, activity)
    client.post(reverse("activities:attend_submit", args=["in"]), {"ticket": ticket, "key": key})
    Attendance.objects.filter(volunteer=world.volunteer).update(
        checked_in_at=timezone.now() - datetime.timedelta(minutes=100)
    )
    _page, ticket, key = scan(client, activity)
    response = client.post(reverse("activities:attend_submit", args=["out"]), {"ticket": ticket, "key": key})
    assert "1.5 小时" in response.content.decode()  # 100 minutes, rounded down to half hours
    entry = LedgerEntry.objects.get(volunteer=world.volunteer)
    assert (entry.hours, entry.organiser, entry.lead, entry.activity_name) == (
        Decimal("1.50"),
        world.team.name,
        "吴乌兰",
        activity.title,
    )
    body = client.get(reverse("ledger:record")).content.decode()
    assert "1.5" in body


def test_an_old_qr_code_is_refused(world, login, activity, settings):
    settings.QR_VALID_SECONDS = 1
    services.signup_create(activity=activity, volunteer=world.volunteer)
    token = services.qr_token(activity)
    time.sleep(2.1)
    response = login(world.volunteer_user).get(reverse("activities:attend", args=[token]))
    assert response.status_code == 400
    assert "过期" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_forged_qr_code_is_refused(world, login, activity):
    token = services.qr_token(activity)
    response = login(world.volunteer_user).get(reverse("activities:attend", args=[token[:-2] + "xx"]))
    assert response.status_code == 400 and not Attendance.objects.exists()


def test_check_in_needs_an_approved_signup(world, activity):
    with pytest.raises(services.ActivityError, match="没有该活动已通过的报名"):
        services.check_in(activity=activity, volunteer=world.other_volunteer, key=uuid.uuid4())


def test_two_hundred_check_ins_sent_five_times_leave_two_hundred_records(world, activity):
    """Each phone's five repeats make one record, for every one of 200 phones; repeats sent at the same time
    are `test_concurrent_repeats_make_one_record`, on PostgreSQL."""
    activity.quota = 200
    activity.save(update_fields=["quota"])
    volunteers = f.many_volunteers(200, region=world.community)
    Signup.objects.bulk_create([Signup(activity=activity, volunteer=v, status="approved") for v in volunteers])
    for volunteer in volunteers:
        key = uuid.uuid4()
        for _attempt in range(5):
            services.check_in(activity=activity, volunteer=volunteer, key=key)
    assert Attendance.objects.filter(activity=activity).count() == 200
    for volunteer in volunteers[:50]:
        key = uuid.uuid4()
        for _attempt in range(5):
            services.check_out(activity=activity, volunteer=volunteer, key=key)
    assert LedgerEntry.objects.count() == 50


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL; SQLite serialises them"
)
def test_concurrent_repeats_make_one_record(world, activity):
    volunteers = [f.volunteer(name=f"并发{n}", region=world.community) for n in range(20)]
    activity.quota = 100
    activity.save(update_fields=["quota"])
    for volunteer in volunteers:
        Signup.objects.create(activity=activity, volunteer=volunteer, status="approved")
    errors = []

    def send(volunteer, key, action):
        from django.db import connections

        try:
            (services.check_in if action == "in" else services.check_out)(
                activity=activity, volunteer=volunteer, key=key
            )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    for action in ("in", "out"):
        threads = []
        for volunteer in volunteers:
            key = uuid.uuid4()
            threads += [threading.Thread(target=send, args=(volunteer, key, action)) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert Attendance.objects.filter(activity=activity).count() == 20
    assert LedgerEntry.objects.count() == 20
    assert all(total_hours(v) == LedgerEntry.objects.get(volunteer=v).hours for v in volunteers)


def test_the_leader_marks_a_volunteer_without_a_smartphone(world, login, activity):
    services.signup_create(activity=activity, volunteer=world.volunteer)
    client = login(world.team_leader)
    response = client.post(
        reverse("activities:manage", args=[activity.pk]),
        {
            "volunteer": world.volunteer.pk,
            "checked_in_at": "2026-11-29T09:00",
            "checked_out_at": "2026-11-29T11:10",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.get(volunteer=world.volunteer).method == "leader"


def test_forgotten_check_outs_close_at_the_end_and_wait_for_the_leader(world, activity):
    services.signup_create(activity=activity, volunteer=world.volunteer)
    attendance = services.check_in(activity=activity, volunteer=world.volunteer, key=uuid.uuid4())
    assert services.close_forgotten_checkouts(now=activity.ends_at + datetime.timedelta(minutes=1)) == 1
    attendance.refresh_from_db()
    assert attendance.auto_closed and attendance.checked_out_at == activity.ends_at
    assert not LedgerEntry.objects.exists()
    services.attendance_confirm(attendance=attendance, by=world.team_leader)
    assert LedgerEntry.objects.get().hours > 0


def test_outsiders_cannot_manage_the_activity(world, login, activity):
    for user in (world.outsider, world.volunteer_user, world.other_social_worker):
        client = login(user)
        for url in (
            reverse("activities:manage", args=[activity.pk]),
            reverse("activities:qr", args=[activity.pk]),
            reverse("activities:edit", args=[activity.pk]),
        ):
            response = client.get(url)
            # A published activity is public, so it is visible (403); its sign-ups and code are not (no 200).
            assert response.status_code in {403, 404}, (user, url)


def test_a_weekly_activity_is_created_for_each_week(world, login):
    response = login(world.team_leader).post(
        reverse("activities:create"),
        {
            "title": "银龄数字课堂",
            "content": "教老人用手机",
            "organiser": world.team.pk,
            "lead": world.team_leader.pk,
            "region": world.community.pk,
            "place": "党群服务中心",
            "starts_at": "2026-12-01T09:00",
            "ends_at": "2026-12-01T11:00",
            "quota": 10,
            "min_age": 18,
            "status": "published",
            "auto_approve": "on",
            "repeat_weeks": 3,
        },
    )
    assert response.status_code == 302
    starts = sorted(
        timezone.localtime(a.starts_at).date().isoformat() for a in Activity.objects.filter(title="银龄数字课堂")
    )
    assert starts == ["2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22"]
    assert len(set(Activity.objects.filter(title="银龄数字课堂").values_list("qr_secret", flat=True))) == 4


def test_a_minor_joins_only_suitable_activities_with_a_guardians_consent(world, activity):
    from people.models import Consent

    teen = f.volunteer(
        name="小明",
        region=world.community,
        birth_date=datetime.date.today().replace(year=datetime.date.today().year - 15),
    )
    with pytest.raises(services.ActivityError, match="18 岁及以上"):
        services.signup_create(activity=activity, volunteer=teen)  # not open to minors
    activity.minors_allowed, activity.min_age = True, 14
    activity.save(update_fields=["minors_allowed", "min_age"])
    with pytest.raises(services.ActivityError, match="监护人"):
        services.signup_create(activity=activity, volunteer=teen)
    Consent.objects.create(
        volunteer=teen, kind="guardian", scope="参加志愿服务", given_by="王芳", relation="母亲", method="paper"
    )
    assert services.signup_create(activity=activity, volunteer=teen).status == "approved"


def test_an_activity_is_planned_at_most_a_year_ahead(world, login):
    start = timezone.localtime() + datetime.timedelta(days=3 * 365)
    data = {
        "title": "远期活动", "content": "x", "organiser": world.team.pk, "lead": world.team_leader.pk,
        "region": world.community.pk, "place": "x", "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT11:00"), "quota": 5, "min_age": 18, "status": "draft",
    }  # fmt: skip
    client = login(world.team_leader)
    assert "日期不能晚于" in client.post(reverse("activities:create"), data).content.decode()
    assert not Activity.objects.filter(title="远期活动").exists()
    soon = timezone.localtime() + datetime.timedelta(days=7)
    data |= {"starts_at": soon.strftime("%Y-%m-%dT09:00"), "ends_at": soon.strftime("%Y-%m-%dT11:00")}
    assert client.post(reverse("activities:create"), data).status_code == 302
    assert Activity.objects.filter(title="远期活动").exists()


def test_an_activity_s_content_has_a_length(world, login):
    soon = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "title": "长文活动", "content": "字" * 2001, "organiser": world.team.pk, "lead": world.team_leader.pk,
        "region": world.community.pk, "place": "x", "starts_at": soon.strftime("%Y-%m-%dT09:00"),
        "ends_at": soon.strftime("%Y-%m-%dT11:00"), "quota": 5, "min_age": 18, "status": "draft",
    }  # fmt: skip
    client = login(world.team_leader)
    assert "不超过 2000 字符" in client.post(reverse("activities:create"), data).content.decode()
    assert not Activity.objects.filter(title="长文活动").exists()
    assert client.post(reverse("activities:create"), {**data, "content": "字" * 2000}).status_code == 302
