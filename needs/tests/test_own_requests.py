"""Whoever delivered a service does not record its evaluation."""

import pytest
from django.urls import reverse

from needs import services
from needs.models import Status
from people.models import Role
from qianniu.tests import factories as f

OWN = "提供"


def test_a_worker_who_did_the_task_does_not_record_its_evaluation(world, login, need):
    helper = f.volunteer(name="社工志愿者", region=world.community)
    f.grant(helper.user, Role.SOCIAL_WORKER, region=world.community)
    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=helper)
    services.task_answer(task=task, volunteer=helper, accept=True)
    services.task_done(task=task, volunteer=helper)
    need.refresh_from_db()
    assert need.status == Status.SERVED

    url = reverse("needs:close", args=[need.pk])
    client = login(helper.user)
    assert 'value="evaluated"' not in client.get(url).content.decode()  # is not offered
    response = client.post(url, {"how": "evaluated", "satisfaction": 5, "given_by": "韩桂兰"})
    assert response.status_code == 200
    need.refresh_from_db()
    assert need.status == Status.SERVED and not hasattr(need, "evaluation")
    with pytest.raises(services.NeedError, match=OWN):
        services.need_evaluate(need=need, by=helper.user, satisfaction=5, comment="", outcome="", given_by="韩桂兰")

    client = login(world.social_worker)
    assert 'value="evaluated"' in client.get(url).content.decode()  # is offered to another worker
    client.post(url, {"how": "evaluated", "satisfaction": 5, "given_by": "韩桂兰"})
    need.refresh_from_db()
    assert need.status == Status.CLOSED and need.evaluation.collected_by == world.social_worker


def test_a_resident_who_is_also_a_worker_does_not_triage_their_own_need(world, login, need, life_care):
    """韩桂兰 asked for help and is also a social worker of her community: a colleague triages her request."""
    f.grant(world.resident, Role.SOCIAL_WORKER, region=world.community)
    url = reverse("needs:triage", args=[need.pk])
    client = login(world.resident)
    assert url not in client.get(need.get_absolute_url()).content.decode()  # not offered on her own need
    response = client.post(url, {"service_field": life_care.pk, "urgency": "urgent", "crisis": "on"}, follow=True)
    assert "自己" in response.content.decode()
    need.refresh_from_db()
    assert need.status == Status.NEW and not need.crisis
    with pytest.raises(services.NeedError, match="自己"):
        services.need_triage(need=need, by=world.resident, service_field=None, urgency="crisis", crisis=True)

    client = login(world.social_worker)
    assert url in client.get(need.get_absolute_url()).content.decode()
    client.post(url, {"service_field": life_care.pk, "urgency": "normal"})
    need.refresh_from_db()
    assert need.status == Status.TRIAGED
