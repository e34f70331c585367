import datetime

from django.urls import reverse
from django.utils import timezone

from dispatch.models import Dispatch
from dispatch.services import dispatch_complete
from needs import services
from qianniu.tests import factories as f


def dispatched(world, description="x"):
    need = services.need_create(
        source="staff", by=world.social_worker, data={"region": world.community, "description": description}
    )
    f.triaged(need, by=world.social_worker)
    return f.dispatched(need, by=world.social_worker, department=world.department)


def test_the_liaison_sees_the_dispatches_of_the_department(world, login):
    dispatch = dispatched(world, "核实困难家庭情况")
    body = login(world.liaison).get(reverse("dispatch:list")).content.decode()
    assert f"/dispatches/{dispatch.pk}/" in body


def test_returning_needs_a_reason(world, login):
    dispatch = dispatched(world)
    client = login(world.liaison)
    client.post(reverse("dispatch:answer", args=[dispatch.pk, "return"]), {"text": ""})
    dispatch.refresh_from_db()
    assert dispatch.status == "sent"
    client.post(reverse("dispatch:answer", args=[dispatch.pk, "return"]), {"text": "不属于本部门职责"})
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.reply) == ("returned", "不属于本部门职责")


def test_the_coordination_page_counts_per_department(world, login):
    first, second, third = dispatched(world), dispatched(world), dispatched(world)
    Dispatch.objects.filter(pk=first.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    dispatch_complete(dispatch=second, by=world.liaison, result="已办结")
    Dispatch.objects.filter(pk=second.pk).update(sent_at=timezone.now() - datetime.timedelta(hours=6))
    response = login(world.county_admin).get(reverse("dispatch:coordination"))
    row = response.context["rows"][0]
    assert (row["department"], row["open"], row["overdue"], row["completed"]) == (world.department, 2, 1, 1)
    assert 5.9 < row["median_hours"] < 6.1
    assert third.status == "sent"


def test_volunteers_and_liaisons_have_no_coordination_page(world, login):
    assert login(world.volunteer_user).get(reverse("dispatch:coordination")).status_code == 404
    assert login(world.liaison).get(reverse("dispatch:coordination")).status_code == 404


def test_the_sender_withdraws_a_dispatch_and_sends_it_elsewhere(world, login):
    from orgs.models import Department, Kind, Organisation

    dispatch = dispatched(world)
    client = login(world.social_worker)
    client.post(reverse("dispatch:withdraw", args=[dispatch.pk]), {"reason": ""})
    dispatch.refresh_from_db()
    assert dispatch.status == "sent"  # a reason is needed
    client.post(reverse("dispatch:withdraw", args=[dispatch.pk]), {"reason": "应由卫健委办理"})
    dispatch.refresh_from_db()
    assert dispatch.status == "withdrawn"
    health = Organisation.objects.create(
        kind=Kind.DEPARTMENT, department=Department.HEALTH, name="科左中旗卫健委", region=world.county
    )
    f.dispatched(dispatch.need, by=world.social_worker, department=health)
    assert dispatch.need.dispatches.open().get().department == health


def test_neither_the_department_nor_an_outsider_withdraws(world, login):
    dispatch = dispatched(world)
    assert (
        login(world.liaison).post(reverse("dispatch:withdraw", args=[dispatch.pk]), {"reason": "x"}).status_code == 404
    )
    assert (
        login(world.outsider).post(reverse("dispatch:withdraw", args=[dispatch.pk]), {"reason": "x"}).status_code == 404
    )
    dispatch.refresh_from_db()
    assert dispatch.status == "sent"


def test_a_department_sees_the_dispatch_not_the_whole_need(world, login):
    need, dispatch = f.dispatched_need(world, "核实低保户住房情况")
    client = login(world.liaison)
    assert client.get(reverse("needs:detail", args=[need.pk])).status_code == 404
    body = client.get(reverse("dispatch:detail", args=[dispatch.pk])).content.decode()
    assert "核实低保户住房情况" in body and world.department.name in body  # what the department acts on
    assert "韩桂兰" not in body  # ... but not whom it is about
