"""A social worker who is also a supervisor never approves the plan or the closure of their own case, nor
comments on their own notes as supervisor; another supervisor of the area does."""

import datetime

import pytest
from django.urls import reverse

from casework import services
from casework.models import Case, CaseEvent, Stage
from casework.tests.conftest import FRAIL, FULL
from people.models import Role
from qianniu.tests import factories as f

OWN = "自己"


@pytest.fixture
def worker_supervisor(world):
    """A social worker of the community who also supervises the township."""
    user = f.UserFactory(name="双职社工")
    f.grant(user, Role.SOCIAL_WORKER, region=world.community)
    f.grant(user, Role.SUPERVISOR, region=world.township)
    return user


def to_plan_review(case, worker):
    services.case_agree(case=case, by=worker, signed_on=datetime.date(2026, 11, 20))
    services.case_assess(case=case, by=worker, barthel_answers=FRAIL, risks={})
    return services.case_submit_plan(case=case, by=worker, goals=["每周两次上门探访"])


def step_url(case, name):
    return reverse("casework:step", args=[case.pk, name])


def state(case):
    case = Case.objects.get(pk=case.pk)
    return case.status, case.closed_at, list(CaseEvent.objects.filter(case=case).values_list("action", "by"))


def test_a_worker_who_supervises_cannot_approve_their_own_plan_or_closure(world, login, worker_supervisor, supervisor):
    own = services.case_open(recipient=world.recipient, by=worker_supervisor, presenting_problem="独居")
    to_plan_review(own, worker_supervisor)
    neighbour = f.recipient(name="白玉兰", region=world.community)
    other = services.case_open(recipient=neighbour, by=world.social_worker, presenting_problem="独居")
    to_plan_review(other, world.social_worker)

    client = login(worker_supervisor)
    assert step_url(other, "approve") in client.get(other.get_absolute_url()).content.decode()  # is shown
    assert step_url(own, "approve") not in client.get(own.get_absolute_url()).content.decode()  # is not
    before = state(own)
    for decision, data in (("approve", {"comment": ""}), ("return", {"comment": "目标再具体些"})):
        response = client.post(step_url(own, decision), data, follow=True)
        assert OWN in response.content.decode()
    assert state(own) == before

    # Another supervisor of the area approves the plan; at closure the same refusal holds.
    login(supervisor).post(step_url(own, "approve"), {"comment": ""})
    assert Case.objects.get(pk=own.pk).status == Stage.INTERVENTION
    goals = {goal.pk: "met" for goal in own.goals.all()}
    services.case_evaluate(case=own, by=worker_supervisor, outcomes=goals, barthel_answers=FULL)
    services.case_request_closure(case=own, by=worker_supervisor, reason="goals_met")
    assert step_url(own, "approve") in login(supervisor).get(own.get_absolute_url()).content.decode()  # is shown
    client = login(worker_supervisor)  # the test client signs in as each person in turn
    assert step_url(own, "approve") not in client.get(own.get_absolute_url()).content.decode()  # is not
    before = state(own)
    response = client.post(step_url(own, "approve"), {"comment": "同意"}, follow=True)
    assert OWN in response.content.decode()
    assert state(own) == before
    with pytest.raises(services.CaseError, match=OWN):
        services.case_review(case=own, by=worker_supervisor, approve=True)
    login(supervisor).post(step_url(own, "approve"), {"comment": "同意结案"})
    assert Case.objects.get(pk=own.pk).status == Stage.CLOSED


def test_a_worker_who_supervises_cannot_comment_on_their_own_notes(world, login, worker_supervisor, supervisor):
    own = services.case_open(recipient=world.recipient, by=worker_supervisor, presenting_problem="独居")
    note = services.case_note_add(case=own, by=worker_supervisor, contact_type="phone", minutes=10, content="电话")
    client = login(worker_supervisor)
    response = client.post(step_url(own, "comment"), {"note": note.pk, "comment": "做得好"}, follow=True)
    assert OWN in response.content.decode()
    note.refresh_from_db()
    assert note.supervisor_comment == ""
    login(supervisor).post(step_url(own, "comment"), {"note": note.pk, "comment": "注意记录老人的用药"})
    note.refresh_from_db()
    assert note.supervisor_comment == "注意记录老人的用药"


def test_nobody_accepts_for_their_agency_the_referral_they_sent(world, login):
    from casework.models import ReferralStatus
    from casework.tests.test_referrals_and_crises import agency_worker

    sender, agency = agency_worker(world, "高社工", "旗心理援助中心")
    colleague = f.UserFactory(name="林社工")
    f.grant(colleague, Role.SOCIAL_WORKER, region=world.community)
    from people.models import SocialWorker

    SocialWorker.objects.create(user=colleague, qualification="intermediate", agency=agency)
    case = services.case_open(recipient=world.recipient, by=sender, presenting_problem="独居")
    referral = services.referral_send(case=case, by=sender, to=agency, reason="需要心理评估", consent="本人")

    assert 'value="accept"' in login(colleague).get(reverse("casework:referrals")).content.decode()  # is shown
    client = login(sender)  # the test client signs in as each person in turn
    inbox = client.get(reverse("casework:referrals")).content.decode()
    assert "需要心理评估" in inbox and 'value="accept"' not in inbox  # the referral shows, without the button
    response = client.post(reverse("casework:referrals"), {"referral": referral.pk, "answer": "accept"}, follow=True)
    assert OWN in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT

    client = login(colleague)
    assert 'value="accept"' in client.get(reverse("casework:referrals")).content.decode()
    client.post(reverse("casework:referrals"), {"referral": referral.pk, "answer": "accept"})
    referral.refresh_from_db()
    assert (referral.status, referral.answered_by) == (ReferralStatus.ACCEPTED, colleague)


def test_a_social_worker_does_not_open_a_case_about_themself(world, login):
    """The resident 韩桂兰 is also a social worker of her community: her own case goes to a colleague."""
    f.grant(world.resident, Role.SOCIAL_WORKER, region=world.community)
    data = {"recipient": world.recipient.pk, "presenting_problem": "独居"}
    response = login(world.resident).post(reverse("casework:open"), data)
    assert response.status_code == 200 and OWN in response.content.decode()
    assert not Case.objects.exists()
    with pytest.raises(services.CaseError, match=OWN):
        services.case_open(recipient=world.recipient, by=world.resident, presenting_problem="独居")
    login(world.social_worker).post(reverse("casework:open"), data)
    assert Case.objects.get().social_worker == world.social_worker
