"""The sender of a dispatch is warned when the department has no liaison to receive it."""

from django.urls import reverse
from django.utils import timezone

from dispatch.models import Dispatch
from needs import services
from orgs.models import Department, Kind
from people.models import RoleGrant
from qianniu.tests import factories as f

WARNING = "还没有联络员"


def triaged_need(world):
    need = services.need_create(
        source="staff", by=world.social_worker, data={"region": world.community, "description": "助学"}
    )
    return f.triaged(need, by=world.social_worker)


def send(client, need, department):
    deadline = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    return client.post(
        reverse("needs:dispatch", args=[need.pk]), {"department": department.pk, "deadline": deadline}, follow=True
    )


def test_the_form_marks_departments_without_a_liaison_and_the_sender_is_warned(world, login):
    education = f.OrganisationFactory(
        kind=Kind.DEPARTMENT, department=Department.EDUCATION, name="科左中旗教育局", region=world.county
    )
    need = triaged_need(world)
    client = login(world.social_worker)
    page = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    assert "科左中旗教育局（尚无联络员" in page
    assert "科左中旗民政局</option>" in page  # the civil-affairs bureau has its liaison
    sent = send(client, need, education).content.decode()
    assert Dispatch.objects.filter(need=need, department=education).exists()
    assert WARNING in sent
    dispatch = Dispatch.objects.get(need=need, department=education)
    assert WARNING in client.get(reverse("dispatch:detail", args=[dispatch.pk])).content.decode()


def test_no_warning_for_a_department_with_an_active_liaison(world, login):
    need = triaged_need(world)
    client = login(world.social_worker)
    sent = send(client, need, world.department).content.decode()
    dispatch = Dispatch.objects.get(need=need, department=world.department)
    assert WARNING not in sent
    assert WARNING not in client.get(reverse("dispatch:detail", args=[dispatch.pk])).content.decode()
    # an ended liaison account receives nothing any more: the warning comes back
    world.liaison.is_active = False
    world.liaison.save(update_fields=["is_active"])
    assert RoleGrant.objects.filter(user=world.liaison).exists()
    assert WARNING in client.get(reverse("dispatch:detail", args=[dispatch.pk])).content.decode()
