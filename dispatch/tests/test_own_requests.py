"""Whoever sends a dispatch does not answer it for the department."""

import pytest
from django.urls import reverse

from dispatch.services import dispatch_accept, dispatch_complete
from needs import services
from needs.services import NeedError
from people.models import Role
from qianniu.tests import factories as f

OWN = "自己"


def test_a_worker_who_is_also_the_liaison_does_not_answer_their_own_dispatch(world, login):
    both = f.UserFactory(name="身兼两职")
    f.grant(both, Role.SOCIAL_WORKER, region=world.community)
    f.grant(both, Role.DEPARTMENT_LIAISON, organisation=world.department)
    need = services.need_create(source="staff", by=both, data={"region": world.community, "description": "低保复核"})
    f.triaged(need, by=both)
    own = f.dispatched(need, by=both, department=world.department)
    other_need = services.need_create(
        source="staff", by=world.social_worker, data={"region": world.community, "description": "核实困难家庭"}
    )
    f.triaged(other_need, by=world.social_worker)
    other = f.dispatched(other_need, by=world.social_worker, department=world.department)

    client = login(both)
    own_page = client.get(reverse("dispatch:detail", args=[own.pk])).content.decode()
    other_page = client.get(reverse("dispatch:detail", args=[other.pk])).content.decode()
    assert reverse("dispatch:answer", args=[other.pk, "complete"]) in other_page  # is shown
    assert reverse("dispatch:answer", args=[own.pk, "complete"]) not in own_page  # is not
    for answer, data in (("accept", {}), ("complete", {"text": "已办结"}), ("return", {"text": "不归我管"})):
        response = client.post(reverse("dispatch:answer", args=[own.pk, answer]), data, follow=True)
        assert OWN in response.content.decode()
    own.refresh_from_db()
    need.refresh_from_db()
    assert own.status == "sent" and own.answered_by is None and need.status == "in_service"
    with pytest.raises(NeedError, match=OWN):
        dispatch_complete(dispatch=own, by=both, result="已办结")

    dispatch_accept(dispatch=own, by=world.liaison)
    login(world.liaison).post(reverse("dispatch:answer", args=[own.pk, "complete"]), {"text": "已办结"})
    own.refresh_from_db()
    assert (own.status, own.answered_by) == ("completed", world.liaison)
