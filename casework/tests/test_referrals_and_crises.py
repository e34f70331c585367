import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from casework import services
from casework.models import Alert, Case, ReferralStatus
from casework.tasks import escalate_overdue_crises
from orgs.models import Kind
from people.models import Role, SocialWorker
from qianniu.tests import factories as f


def agency_worker(world, name: str, agency_name: str):
    agency = f.OrganisationFactory(kind=Kind.AGENCY, name=agency_name, region=world.county)
    user = f.UserFactory(name=name)
    f.grant(user, Role.SOCIAL_WORKER, region=world.community)
    SocialWorker.objects.create(user=user, qualification="intermediate", agency=agency)
    return user, agency


def test_after_a_referral_is_accepted_the_receiver_reads_the_case_and_another_agency_still_cannot(world, login, case):
    receiver, agency = agency_worker(world, "高社工", "旗心理援助中心")
    stranger, _other = agency_worker(world, "钱社工", "另一家社工机构")
    worker = login(world.social_worker)
    worker.post(
        reverse("casework:step", args=[case.pk, "refer"]),
        {"to": agency.pk, "reason": "需要专业心理评估", "consent": "本人"},
    )
    referral = case.referrals.get()
    assert referral.status == ReferralStatus.SENT

    inbox = login(receiver)
    assert inbox.get(case.get_absolute_url()).status_code == 404  # not before accepting
    page = inbox.get(reverse("casework:referrals")).content.decode()
    assert "需要专业心理评估" in page and "独居" not in page  # the reason, not the case
    inbox.post(reverse("casework:referrals"), {"referral": referral.pk, "answer": "accept"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert inbox.get(case.get_absolute_url()).status_code == 200
    # Read, not change.
    assert inbox.post(reverse("casework:step", args=[case.pk, "agree"]), {"signed_on": "2026-11-20"}).status_code == 403

    other = login(stranger)
    assert other.get(case.get_absolute_url()).status_code == 404
    assert other.post(reverse("casework:referrals"), {"referral": referral.pk, "answer": "decline"}).status_code == 404
    assert login(world.social_worker).get(case.get_absolute_url()).status_code == 200  # the sender keeps it


def test_a_referral_needs_a_reason_and_consent(world, case):
    _receiver, agency = agency_worker(world, "高社工", "旗心理援助中心")
    with pytest.raises(services.CaseError, match="转介需要说明原因"):
        services.referral_send(case=case, by=world.social_worker, to=agency, reason="需要评估", consent="")


def test_a_crisis_flag_alerts_the_worker_and_the_areas_supervisors(world, login, supervisor):
    case = services.case_open(
        recipient=world.recipient, by=world.social_worker, presenting_problem="电话中表示不想活了", crisis=True
    )
    case.refresh_from_db()
    assert case.crisis and case.crisis_due_at is not None
    alerted = set(Alert.objects.filter(case=case, kind=Alert.Kind.CRISIS).values_list("user__name", flat=True))
    assert alerted == {world.social_worker.name, supervisor.name}
    page = login(supervisor).get(reverse("casework:list")).content.decode()
    assert "危机" in page and f"#{case.pk}" in page
    services.case_note_add(case=case, by=world.social_worker, contact_type="phone", minutes=30, content="已上门")
    assert Case.objects.get(pk=case.pk).crisis_responded_at is not None


@pytest.fixture
def immediate_huey():
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


def test_an_overdue_crisis_is_escalated_by_the_task_queue_once(world, supervisor, immediate_huey):
    case = services.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="x", crisis=True)
    Case.objects.filter(pk=case.pk).update(crisis_due_at=timezone.now() - datetime.timedelta(minutes=1))
    escalate_overdue_crises()  # queued and run by Huey (immediate mode)
    case.refresh_from_db()
    assert case.crisis_escalated_at is not None
    overdue = set(Alert.objects.filter(case=case, kind=Alert.Kind.OVERDUE).values_list("user__name", flat=True))
    assert overdue == {world.county_admin.name, supervisor.name, world.social_worker.name}
    first = case.crisis_escalated_at
    escalate_overdue_crises()
    case.refresh_from_db()
    assert case.crisis_escalated_at == first and Alert.objects.filter(kind=Alert.Kind.OVERDUE).count() == 3


def test_a_crisis_answered_in_time_is_not_escalated(world, immediate_huey):
    case = services.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="x", crisis=True)
    services.case_note_add(case=case, by=world.social_worker, contact_type="home_visit", minutes=60, content="已到场")
    Case.objects.filter(pk=case.pk).update(crisis_due_at=timezone.now() - datetime.timedelta(minutes=1))
    escalate_overdue_crises()
    assert Case.objects.get(pk=case.pk).crisis_escalated_at is None


def test_region_admins_see_who_read_their_cases_but_not_the_cases(world, login, case):
    login(world.social_worker).get(case.get_absolute_url())
    admin = login(world.county_admin)
    assert admin.get(case.get_absolute_url()).status_code == 404
    page = admin.get(reverse("casework:access_log")).content.decode()
    assert world.social_worker.name in page and f"#{case.pk}" in page
    foreign_worker = f.UserFactory(name="外县社工")
    f.grant(foreign_worker, Role.SOCIAL_WORKER, region=world.foreign_community)
    foreign_case = services.case_open(recipient=world.foreign_recipient, by=foreign_worker, presenting_problem="x")
    login(foreign_worker).get(foreign_case.get_absolute_url())
    foreign = login(world.outsider).get(reverse("casework:access_log")).content.decode()
    assert f"#{foreign_case.pk}" in foreign and "外县社工" in foreign  # the reads of their own county
    assert f"#{case.pk}" not in foreign
    assert login(world.social_worker).get(reverse("casework:access_log")).status_code == 404


def test_a_note_marked_crisis_during_an_open_crisis_is_its_first_response(world, supervisor):
    case = services.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="x", crisis=True)
    services.case_note_add(case=case, by=world.social_worker, contact_type="phone", minutes=5, content="y", crisis=True)
    case.refresh_from_db()
    assert case.crisis_responded_at is not None
    services.case_crisis_resolve(case=case, by=world.social_worker, note="已送医并联系子女")
    assert not Case.objects.get(pk=case.pk).crisis
    # A new crisis later raises the alerts again, unread.
    Alert.objects.update(read_at=timezone.now())
    services.case_note_add(case=case, by=world.social_worker, contact_type="phone", minutes=5, content="z", crisis=True)
    assert Alert.objects.filter(case=case, read_at__isnull=True).count() == 2


def test_a_region_admin_sees_an_escalation_without_the_case(world, login, immediate_huey):
    case = services.case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="x", crisis=True)
    Case.objects.filter(pk=case.pk).update(crisis_due_at=timezone.now() - datetime.timedelta(minutes=1))
    escalate_overdue_crises()
    page = login(world.county_admin).get(reverse("casework:list")).content.decode()
    assert f"#{case.pk}" in page and world.social_worker.name in page
    assert world.recipient.name not in page


def test_a_supervisor_cannot_approve_their_own_case(world, supervisor):
    f.grant(supervisor, Role.SOCIAL_WORKER, region=world.community)
    case = services.case_open(recipient=world.other_recipient, by=supervisor, presenting_problem="x")
    case.region = world.community
    case.save()
    services.case_agree(case=case, by=supervisor, signed_on=datetime.date(2026, 11, 20))
    from casework.tests.conftest import FULL

    services.case_assess(case=case, by=supervisor, barthel_answers=FULL, risks={})
    services.case_submit_plan(case=case, by=supervisor, goals=["探访"])
    with pytest.raises(services.CaseError, match="督导不能审核自己负责的个案"):
        services.case_review(case=case, by=supervisor, approve=True)


def test_a_worker_whose_grant_ends_loses_the_case(world, login, case):
    from people.models import RoleGrant

    RoleGrant.objects.filter(user=world.social_worker).delete()
    assert login(world.social_worker).get(case.get_absolute_url()).status_code == 404


def test_a_child_needs_the_guardians_consent_not_any_consent(world):
    from people.models import Consent

    child = f.recipient(name="小明", region=world.community, birth_date=datetime.date(2018, 5, 1))
    Consent.objects.create(recipient=child, kind="personal", scope="x", given_by="本人", method="paper")
    with pytest.raises(services.CaseError, match="请先登记监护人同意"):
        services.case_open(recipient=child, by=world.social_worker, presenting_problem="留守")
    Consent.objects.create(
        recipient=child, kind="guardian", scope="个案服务", given_by="小明母亲", relation="母亲", method="paper"
    )
    assert services.case_open(recipient=child, by=world.social_worker, presenting_problem="留守").pk
