"""Withdrawing a consent stops what depended on it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Signup
from activities.services import ActivityError, signup_create
from casework import services as casework
from casework.tests.conftest import FULL
from dictionaries.models import RecipientTag
from people.models import Consent
from people.services import consent_record
from privacy import services
from qianniu.tests import factories as f


@pytest.fixture
def activity(world):
    starts = timezone.now() + datetime.timedelta(days=3)
    return Activity.objects.create(
        title="小小志愿者读书会",
        content="陪老人读报",
        organiser=world.team,
        lead=world.team_leader,
        region=world.community,
        place="团结社区活动室",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        quota=10,
        min_age=14,
        minors_allowed=True,
        status="published",
    )


@pytest.fixture
def teen(world):
    today = timezone.localdate()
    volunteer = f.volunteer(name="小明", region=world.community, birth_date=today.replace(year=today.year - 15))
    Consent.objects.create(
        volunteer=volunteer, kind="guardian", scope="参加志愿服务", given_by="王芳", relation="母亲", method="paper"
    )
    return volunteer


def test_withdrawing_a_guardians_consent_cancels_the_minors_signups_and_refuses_new_ones(world, login, activity, teen):
    signup = signup_create(activity=activity, volunteer=teen)
    assert signup.status == "approved"
    consent = teen.consents.get(kind="guardian")

    # The county admin records the guardian's withdrawal from the volunteer's page.
    page = login(world.county_admin).get(reverse("people:volunteer_detail", args=[teen.pk])).content.decode()
    assert reverse("privacy:consent_withdraw", args=[consent.pk]) in page
    response = login(world.county_admin).post(reverse("privacy:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == world.county_admin
    assert Signup.objects.get(pk=signup.pk).status == "cancelled"
    with pytest.raises(ActivityError, match="监护人"):
        signup_create(activity=activity, volunteer=teen)
    with pytest.raises(services.PrivacyError, match="已经撤回"):
        services.consent_withdraw(consent=consent, by=world.county_admin)


def test_the_minor_withdraws_from_their_own_page(world, login, activity, teen):
    client = login(teen.user)
    consent = teen.consents.get(kind="guardian")
    assert (
        reverse("privacy:consent_withdraw", args=[consent.pk]) in client.get(reverse("privacy:mine")).content.decode()
    )
    response = client.post(reverse("privacy:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("privacy:mine")
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None


def test_withdrawing_the_registration_consent_ends_the_registration(world, activity):
    signup = signup_create(activity=activity, volunteer=world.volunteer)
    consent = world.volunteer.consents.get(kind="privacy")
    services.consent_withdraw(consent=consent, by=world.volunteer_user)
    world.volunteer.refresh_from_db()
    assert world.volunteer.status == "withdrawn"
    assert Signup.objects.get(pk=signup.pk).status == "cancelled"
    with pytest.raises(ActivityError, match="注册"):
        signup_create(activity=activity, volunteer=world.volunteer)
    assert signup_create(activity=activity, volunteer=world.other_volunteer).status == "approved"


def test_withdrawing_the_sensitive_data_consent_removes_and_refuses_sensitive_tags(world, login):
    sensitive = RecipientTag.objects.filter(sensitive=True).first()
    plain = RecipientTag.objects.filter(sensitive=False).first()
    world.recipient.tags.set([sensitive, plain])
    consent = consent_record(
        recipient=world.recipient,
        by=world.social_worker,
        kind="sensitive",
        scope="健康、残疾和困难情况",
        given_by="韩桂兰",
        relation="本人",
        method="paper",
    )
    client = login(world.social_worker)
    page = client.get(reverse("people:recipient_detail", args=[world.recipient.pk])).content.decode()
    assert reverse("privacy:consent_withdraw", args=[consent.pk]) in page
    client.post(reverse("privacy:consent_withdraw", args=[consent.pk]))

    assert list(world.recipient.tags.all()) == [plain]
    form = {
        "name": "韩桂兰",
        "sex": "F",
        "region": world.community.pk,
        "tags": [sensitive.pk, plain.pk],
    }
    response = client.post(reverse("people:recipient_edit", args=[world.recipient.pk]), form)
    assert response.status_code == 200 and "已撤回" in response.content.decode()
    assert list(world.recipient.tags.all()) == [plain]
    response = client.post(reverse("people:recipient_edit", args=[world.recipient.pk]), {**form, "tags": [plain.pk]})
    assert response.status_code == 302


def test_a_childs_case_takes_no_step_but_closing_once_the_guardian_withdraws(world, settings):
    settings.CASEWORK_APPROVALS = []
    today = timezone.localdate()
    child = f.recipient(name="小红", region=world.community, birth_date=today.replace(year=today.year - 9))
    guardian = consent_record(
        recipient=child, by=world.social_worker, kind="guardian", scope="个案服务", given_by="李梅",
        relation="母亲", method="paper",
    )  # fmt: skip
    case = casework.case_open(recipient=child, by=world.social_worker, presenting_problem="放学后无人照看")
    casework.case_agree(case=case, by=world.social_worker, signed_on=today)
    casework.case_assess(case=case, by=world.social_worker, barthel_answers=FULL, risks={})
    casework.case_submit_plan(case=case, by=world.social_worker, goals=["安排课后托管"])
    services.consent_withdraw(consent=guardian, by=world.social_worker)

    case.refresh_from_db()
    goals = {goal.pk: "met" for goal in case.goals.all()}
    with pytest.raises(casework.CaseError, match="监护人"):
        casework.case_evaluate(case=case, by=world.social_worker, outcomes=goals, barthel_answers=FULL)
    with pytest.raises(casework.CaseError, match="监护人"):
        casework.case_note_add(case=case, by=world.social_worker, contact_type="phone", minutes=5, content="回访")
    # In a crisis the worker still records what they do to protect the child.
    casework.case_flag_crisis(case=case, by=world.social_worker)
    casework.case_note_add(case=case, by=world.social_worker, contact_type="phone", minutes=5, content="已联系")
    # A new consent lets it go on; without it, closing stays possible.
    Consent.objects.create(
        recipient=child, kind="guardian", scope="个案服务", given_by="李梅", relation="母亲", method="paper"
    )
    casework.case_evaluate(case=case, by=world.social_worker, outcomes=goals, barthel_answers=FULL)
    Consent.objects.filter(recipient=child).update(withdrawn_at=timezone.now())
    case = casework.case_request_closure(case=case, by=world.social_worker, reason="declined")
    assert case.status == "closed"


def test_the_case_page_says_why_it_cannot_go_on(world, login):
    today = timezone.localdate()
    child = f.recipient(name="小刚", region=world.community, birth_date=today.replace(year=today.year - 8))
    guardian = Consent.objects.create(
        recipient=child, kind="guardian", scope="个案服务", given_by="王强", relation="父亲", method="paper"
    )
    case = casework.case_open(recipient=child, by=world.social_worker, presenting_problem="厌学")
    client = login(world.social_worker)
    assert 'data-testid="consent-refusal"' not in client.get(case.get_absolute_url()).content.decode()
    services.consent_withdraw(consent=guardian, by=world.social_worker)
    assert 'data-testid="consent-refusal"' in client.get(case.get_absolute_url()).content.decode()


def test_nobody_outside_withdraws_someone_elses_consent(world, login):
    consent = world.volunteer.consents.get()
    theirs = consent_record(
        recipient=world.recipient, by=world.social_worker, kind="personal", scope="基本信息",
        given_by="韩桂兰", relation="本人", method="paper",
    )  # fmt: skip
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    for user in (world.outsider, world.other_volunteer.user, world.resident):
        assert login(user).post(url).status_code == 404
    assert login(world.social_worker).post(url).status_code == 403  # sees the volunteer, does not change them
    assert login(world.outsider).post(reverse("privacy:consent_withdraw", args=[theirs.pk])).status_code == 404
    assert (
        login(world.other_social_worker).post(reverse("privacy:consent_withdraw", args=[theirs.pk])).status_code == 404
    )
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    # The resident withdraws their own.
    assert login(world.resident).post(reverse("privacy:consent_withdraw", args=[theirs.pk])).status_code == 302
    assert Consent.objects.get(pk=theirs.pk).withdrawn_at is not None
