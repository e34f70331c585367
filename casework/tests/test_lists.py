import datetime
import re

from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Referral
from people.models import AccessLog
from qianniu.tests.pages import walk


def many_cases(world, count):
    Case.objects.bulk_create(
        Case(
            recipient=world.recipient, region=world.community, social_worker=world.social_worker, presenting_problem="x"
        )
        for _ in range(count)
    )


def test_a_worker_with_120_cases_pages_through_all_of_them(world, login):
    many_cases(world, 120)
    ids, totals, queries = walk(login(world.social_worker), reverse("casework:list"), r'href="/cases/(\d+)/"')
    assert len(set(ids)) == len(ids) == 120
    assert set(ids) == {str(pk) for pk in Case.objects.values_list("pk", flat=True)}
    assert any(re.search(r"\b120\b", total) for total in totals)
    assert len(queries) == 3 and queries[1] == queries[2]  # 50 + 50 + 20, each page the same number of queries


def test_another_county_sees_none_of_the_cases(world, login):
    many_cases(world, 3)
    ids, _, _ = walk(login(world.outsider), reverse("casework:list"), r'href="/cases/(\d+)/"')
    assert ids == []
    ids, _, _ = walk(login(world.social_worker), reverse("casework:list"), r'href="/cases/(\d+)/"')
    assert len(ids) == 3


def test_the_referral_inbox_pages_through_every_referral(world, login):
    many_cases(world, 1)
    case = Case.objects.get()
    Referral.objects.bulk_create(
        Referral(case=case, to=world.department, reason=f"转介第{n}件", consent="本人", by=world.social_worker)
        for n in range(70)
    )
    ids, totals, _ = walk(login(world.liaison), reverse("casework:referrals"), r"转介第(\d+)件")
    assert sorted(map(int, ids)) == list(range(70))
    assert any(re.search(r"\b70\b", total) for total in totals)
    ids, _, _ = walk(login(world.outsider), reverse("casework:referrals"), r"转介第(\d+)件")
    assert ids == []


def test_the_access_log_pages_through_every_read(world, login):
    many_cases(world, 1)
    case = Case.objects.get()
    now = timezone.now()
    AccessLog.objects.bulk_create(
        AccessLog(user=world.social_worker, subject_type="case", subject_id=case.pk, field_name="presenting_problem",
                  at=now - datetime.timedelta(minutes=n % 9))
        for n in range(520)
    )  # fmt: skip
    rows, totals, queries = walk(login(world.county_admin), reverse("casework:access_log"), r"<tr>(<td data-label)")
    assert len(rows) == 520  # 500 before
    assert any(re.search(r"\b520\b", total) for total in totals)
    assert len(set(queries[1:])) == 1
    rows, _, _ = walk(login(world.outsider), reverse("casework:access_log"), r"<tr>(<td data-label)")
    assert rows == []


def test_the_alerts_page_through_every_unread_alert(world, login):
    from casework.models import Alert

    many_cases(world, 53)
    Alert.objects.bulk_create(
        Alert(user=world.social_worker, case=case, kind=Alert.Kind.CRISIS) for case in Case.objects.all()
    )
    ids, totals, _ = walk(
        login(world.social_worker),
        reverse("casework:list"),
        r'class="alert-link" href="/cases/(\d+)/"',
        prefix="alerts_",
    )
    assert sorted(map(int, ids)) == sorted(Case.objects.values_list("pk", flat=True))
    assert any(re.search(r"\b53\b", total) for total in totals)
