"""A mediator does not evaluate the effect of their own mediation."""

import datetime

from django.urls import reverse

from mediation import services
from mediation.models import DisputeStage
from mediation.tests.test_mediation import qualify
from people.models import Role
from qianniu.tests import factories as f


def test_a_worker_who_mediated_does_not_evaluate_the_effect(world, login):
    dispute = services.dispute_record(
        kind="neighbour", region=world.community, description="楼上漏水", reported_by="网格员",
        parties=[("王大爷", "楼下住户"), ("李女士", "楼上住户")], by=world.social_worker,
    )  # fmt: skip
    mediator = f.volunteer(name="李大姐", region=world.community)
    f.grant(mediator.user, Role.SOCIAL_WORKER, region=world.community)
    qualify(world, mediator)
    services.dispute_assign(dispute=dispute, by=world.social_worker, mediator=mediator)
    services.session_record(dispute=dispute, on=datetime.date(2026, 11, 20), notes="当面沟通", by=mediator.user)
    services.dispute_conclude(
        dispute=dispute, by=world.social_worker, reached=True, agreement="修好水管", follow_up_on=datetime.date.today()
    )
    url = reverse("mediation:step", args=[dispute.pk, "evaluate"])
    data = {"resolved": "on", "satisfaction": 5, "note": "关系缓和"}

    client = login(mediator.user)
    assert url not in client.get(dispute.get_absolute_url()).content.decode()
    response = client.post(url, data, follow=True)
    assert "自己" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.status == DisputeStage.FOLLOW_UP

    client = login(world.social_worker)
    assert url in client.get(dispute.get_absolute_url()).content.decode()
    client.post(url, data)
    dispute.refresh_from_db()
    assert dispute.status == DisputeStage.EVALUATED
