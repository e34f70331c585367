"""A recipient's file: visits with their notes, needs, tasks and who served, services, evaluations and cases,
each through the viewer's scope."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.services import case_open
from needs import services as needs
from projects.models import Project, ServiceItem
from qianniu.tests import factories as f
from resources.models import Resource
from resources.services import resource_use_record


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    f.two_factor_verified(client, user)
    return client


@pytest.fixture
def history(world):
    """A visit with notes that found two needs; one served by 张三 and evaluated, one sent to a department and
    answered by a resource and a project service; a case."""
    visit = needs.home_visit_record(
        by=world.social_worker,
        recipient=world.recipient,
        visited_at=timezone.now() - datetime.timedelta(days=2),
        observations="独居，屋内较冷，暖气片不热",
        needs=[{"description": "冬季取暖需要检修暖气"}, {"description": "每周陪同买菜", "recurrence": "weekly"}],
    )
    heating, shopping = visit.needs.order_by("pk")
    f.triaged(heating, by=world.social_worker)
    task = f.task_for(heating, by=world.social_worker, volunteer=world.volunteer, what="检修暖气")
    needs.task_answer(task=task, volunteer=world.volunteer, accept=True)
    needs.task_done(task=task, volunteer=world.volunteer)
    needs.need_evaluate(
        need=heating, by=world.social_worker, satisfaction=5, comment="暖和多了", outcome="", given_by="韩桂兰"
    )
    f.triaged(shopping, by=world.social_worker)
    f.dispatched(shopping, by=world.social_worker, department=world.department)
    resource = Resource.objects.create(provider=world.department, kind="haircut", name="爱心义剪", area=world.county)
    resource_use_record(resource=resource, by=world.social_worker, quantity=1, need=shopping)
    project = Project.objects.create(
        name="暖阳相伴", region=world.community, owner=world.team, lead=world.social_worker, method="casework",
        starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=90),
    )  # fmt: skip
    item = ServiceItem.objects.create(project=project, name="助餐服务")
    needs.need_match_service_item(need=shopping, by=world.social_worker, item=item)
    case = case_open(recipient=world.recipient, by=world.social_worker, presenting_problem="长期独居，情绪低落")
    return {"visit": visit, "heating": heating, "shopping": shopping, "case": case}


def page(user, recipient):
    return client_for(user).get(reverse("people:recipient_detail", args=[recipient.pk]))


def test_the_social_worker_reads_the_whole_history(world, history):
    response = page(world.social_worker, world.recipient)
    html = response.content.decode()
    assert response.status_code == 200
    assert "独居，屋内较冷，暖气片不热" in html  # the visit's notes, saved and now shown
    assert f'href="/needs/{history["heating"].pk}/"' in html and "冬季取暖需要检修暖气" in html
    assert "检修暖气" in html and world.volunteer.user.name in html  # the task and who served
    assert "暖和多了" in html  # the evaluation
    assert world.department.name in html  # sent to a department
    assert "爱心义剪" in html and "助餐服务" in html  # the resource and the project service
    assert f'href="/cases/{history["case"].pk}/"' in html  # a casework role reads the case
    for key in ("visits", "needs", "tasks", "evaluations", "dispatches", "uses", "items", "cases"):
        assert f'id="file-{key}"' in html


def test_the_region_admin_reads_the_history_but_not_the_cases(world, history):
    html = page(world.county_admin, world.recipient).content.decode()
    assert "独居，屋内较冷，暖气片不热" in html and world.volunteer.user.name in html
    assert 'id="file-cases"' not in html
    assert f'href="/cases/{history["case"].pk}/"' not in html


def test_the_person_reads_their_needs_but_not_the_workers_notes(world, history):
    html = page(world.resident, world.recipient).content.decode()
    assert f'href="/needs/{history["heating"].pk}/"' in html  # their own needs …
    assert "暖和多了" in html  # … and evaluations
    assert "独居，屋内较冷" not in html and 'id="file-visits"' not in html  # not the visit notes
    assert 'id="file-tasks"' not in html and 'id="file-cases"' not in html
    assert "冬季取暖需要检修暖气" not in html  # descriptions (health details) only for the workers


@pytest.mark.parametrize("persona", ["outsider", "other_social_worker", "volunteer_user", "liaison"])
def test_the_file_is_not_found_outside_the_person_s_area(world, history, persona):
    assert page(getattr(world, persona), world.recipient).status_code == 404
    assert page(world.social_worker, world.recipient).status_code == 200


def test_each_section_pages_rather_than_stops(world):
    for day in range(25):
        needs.home_visit_record(
            by=world.social_worker,
            recipient=world.recipient,
            visited_at=timezone.now() - datetime.timedelta(days=day + 1),
            observations=f"第{day}次走访",
            needs=[],
        )
    client = client_for(world.social_worker)
    first = client.get(reverse("people:recipient_detail", args=[world.recipient.pk])).content.decode()
    assert "第0次走访" in first and "第24次走访" not in first
    assert "visits_after=" in first
    after = first.split("visits_after=")[1].split('"')[0]
    second = client.get(reverse("people:recipient_detail", args=[world.recipient.pk]), {"visits_after": after})
    assert "第24次走访" in second.content.decode()
