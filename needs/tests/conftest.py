import datetime

import pytest
from django.utils import timezone

from dictionaries.models import ServiceField
from needs import services
from projects.models import Project, ServiceItem, Target
from resources.models import Resource


@pytest.fixture
def life_care(db):
    return ServiceField.objects.get(code="life_care")


@pytest.fixture
def need(world, life_care):
    return services.need_create(
        source="resident",
        by=world.resident,
        data={"recipient": world.recipient, "region": world.community, "description": "家里灯泡坏了，需要帮忙更换"},
    )


@pytest.fixture
def project(world, life_care):
    project = Project.objects.create(
        name="暖阳相伴",
        region=world.community,
        owner=world.team,
        lead=world.social_worker,
        method="casework",
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    item = ServiceItem.objects.create(project=project, name="居家照护", service_field=life_care)
    Target.objects.create(project=project, label="居家照护人数", count=10, service_item=item)
    return project


@pytest.fixture
def resource(world):
    return Resource.objects.create(
        provider=world.department, kind="haircut", name="爱心义剪", capacity=2, unit="次", area=world.county
    )


@pytest.fixture
def task(world, need, life_care):
    """The need's task for the world's volunteer, dated yesterday, so that times entered "an hour ago" lie on or
    after its day at any hour."""
    from needs.models import Task
    from qianniu.tests import factories as f

    services.need_triage(need=need, by=world.social_worker, service_field=life_care, urgency="normal", crisis=False)
    task = f.task_for(
        need, by=world.social_worker, volunteer=world.volunteer, what="陪韩奶奶聊天，帮忙打扫", place="3号楼2单元"
    )
    Task.objects.filter(pk=task.pk).update(on=timezone.localdate() - datetime.timedelta(days=1))
    task.refresh_from_db()
    return task
