"""The closed loop over real HTTP requests: found → triaged → dispatched → served → evaluated → closed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dispatch.models import Dispatch
from needs.models import EventKind, Need, Status, Task
from orgs.models import Department, Kind, Organisation
from people.models import Role
from qianniu.tests import factories as f


def test_the_whole_loop(world, login, client, life_care):
    liaison_department = world.department
    # A resident asks from a phone.
    login(world.resident)
    response = client.post(reverse("needs:ask"), {"description": "想请人每周陪我聊聊天", "help": "visit"})
    assert response.status_code == 302
    need = Need.objects.get(recipient=world.recipient)
    assert need.source == "resident" and need.status == Status.NEW

    # The community social worker triages it and sends it to a department.
    login(world.social_worker)
    assert (
        client.post(
            reverse("needs:triage", args=[need.pk]), {"service_field": life_care.pk, "urgency": "urgent"}
        ).status_code
        == 302
    )
    deadline = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("needs:dispatch", args=[need.pk]),
        {"department": liaison_department.pk, "deadline": deadline, "instructions": "核实低保情况"},
    )
    dispatch = Dispatch.objects.get(need=need)

    # The liaison accepts and completes.
    login(world.liaison)
    client.post(reverse("dispatch:answer", args=[dispatch.pk, "accept"]))
    client.post(reverse("dispatch:answer", args=[dispatch.pk, "complete"]), {"text": "已核实，纳入临时救助"})
    dispatch.refresh_from_db()
    assert dispatch.status == "completed"

    # A volunteer is offered a task, accepts it and does it.
    login(world.social_worker)
    client.post(
        reverse("needs:task_create", args=[need.pk]),
        {
            "volunteer": world.volunteer.pk,
            "what": "陪伴聊天一小时",
            "on": timezone.localdate().isoformat(),
            "place": "3号楼",
            "contact": "苏日娜 社工站",
        },
    )
    task = Task.objects.get(need=need)
    login(world.volunteer_user)
    client.post(reverse("needs:task_respond", args=[task.pk, "accept"]))
    client.post(reverse("needs:task_respond", args=[task.pk, "done"]), {"reason": "聊了家常"})
    need.refresh_from_db()
    assert need.status == Status.SERVED

    # The worker records the evaluation, which closes the need.
    login(world.social_worker)
    response = client.post(
        reverse("needs:close", args=[need.pk]),
        {"how": "evaluated", "satisfaction": 5, "comment": "很满意", "given_by": "韩桂兰"},
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Status.CLOSED and need.evaluation.satisfaction == 5

    kinds = list(need.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.CREATED,
        EventKind.TRIAGED,
        EventKind.DISPATCHED,
        EventKind.DISPATCH_ACCEPTED,
        EventKind.DISPATCH_COMPLETED,
        EventKind.SERVED,  # the department's part was the whole answer so far
        EventKind.TASK_OFFERED,
        EventKind.TASK_ACCEPTED,
        EventKind.TASK_DONE,
        EventKind.SERVED,
        EventKind.EVALUATED,
        EventKind.CLOSED,
    ]
    body = client.get(reverse("needs:detail", args=[need.pk])).content.decode()
    for label in ("发现", "分诊", "派发至部门", "部门已完成", "任务已完成", "已评价"):
        assert label in body, label


def test_a_need_does_not_close_without_evaluation_reason_or_referral(world, login, need):
    client = login(world.social_worker)
    url = reverse("needs:close", args=[need.pk])
    for data, message in (
        ({}, "必填"),
        ({"how": "evaluated"}, "满意度"),
        ({"how": "withdrawn", "reason": ""}, "原因"),
        ({"how": "referred", "reason": "需要法律援助"}, "转介给谁"),
        ({"how": "evaluated", "satisfaction": 4}, "服务完成后"),
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), (data, message)
    need.refresh_from_db()
    assert need.status == Status.NEW and not need.events.filter(kind__in=["closed", "withdrawn", "referred"]).exists()


def test_withdrawing_with_a_reason_ends_the_need(world, login, need):
    login(world.social_worker).post(
        reverse("needs:close", args=[need.pk]), {"how": "withdrawn", "reason": "本人已搬离"}
    )
    need.refresh_from_db()
    assert (need.status, need.end_reason) == (Status.WITHDRAWN, "本人已搬离")


def test_triage_shows_an_open_need_in_the_same_field_before_saving(world, login, need, life_care):
    from needs import services

    services.need_create(
        source="staff",
        by=world.social_worker,
        data={
            "recipient": world.recipient,
            "region": world.community,
            "description": "助浴",
            "service_field": life_care,
        },
    )
    client = login(world.social_worker)
    client.post(reverse("needs:triage", args=[need.pk]), {"service_field": life_care.pk, "urgency": "normal"})
    need.refresh_from_db()
    assert need.status == Status.NEW  # not saved yet: the duplicate is shown first
    client.post(
        reverse("needs:triage", args=[need.pk]),
        {"service_field": life_care.pk, "urgency": "normal", "confirm_duplicate": "on"},
    )
    need.refresh_from_db()
    assert need.status == Status.TRIAGED


def test_a_home_visit_records_several_needs(world, login, life_care):
    client = login(world.social_worker)
    response = client.post(
        reverse("needs:home_visit"),
        {
            "recipient": world.recipient.pk,
            "visited_at": "2026-11-28T10:00",
            "observations": "独居，屋内较冷",
            "need-TOTAL_FORMS": 3,
            "need-INITIAL_FORMS": 0,
            "need-0-description": "冬季取暖",
            "need-0-urgency": "urgent",
            "need-0-service_field": life_care.pk,
            "need-1-description": "情绪低落",
            "need-1-urgency": "normal",
            "need-1-crisis": "on",
            "need-2-description": "",
            "need-2-urgency": "normal",
        },
    )
    assert response.status_code == 302
    needs = Need.objects.filter(home_visit__recipient=world.recipient).order_by("pk")
    assert [(n.description, n.urgency) for n in needs] == [("冬季取暖", "urgent"), ("情绪低落", "crisis")]


def test_a_volunteer_task_page_shows_nothing_sensitive(world, login, need):
    from dictionaries.models import RecipientTag
    from needs import services

    world.recipient.tags.set(RecipientTag.objects.filter(code__in=["dibao", "disability_2"]))
    services.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    task = services.task_offer(
        need=need,
        by=world.social_worker,
        volunteer=world.volunteer,
        what="更换灯泡",
        on=timezone.localdate(),
        place="3号楼2单元",
        contact="社工站 0475-1234567",
    )
    body = login(world.volunteer_user).get(reverse("needs:task_detail", args=[task.pk])).content.decode()
    assert "更换灯泡" in body and "韩*兰" in body and "3号楼2单元" in body
    for secret in (
        world.recipient.id_number,
        world.recipient.phone,
        "韩桂兰",
        "低保",
        "残疾",
        world.recipient.phone[-4:],
    ):
        assert secret not in body, secret
    # and the need itself stays closed to the volunteer
    assert login(world.volunteer_user).get(reverse("needs:detail", args=[need.pk])).status_code == 404


def test_a_volunteer_may_decline(world, login, need):

    f.triaged(need, by=world.social_worker)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer, what="送餐")
    client = login(world.volunteer_user)
    client.post(reverse("needs:task_respond", args=[task.pk, "decline"]), {"reason": "这周出差"})
    task.refresh_from_db()
    assert task.status == "declined"
    assert (
        login(world.other_volunteer.user).post(reverse("needs:task_respond", args=[task.pk, "accept"])).status_code
        == 404
    )


def test_an_outsider_gets_404_for_every_url_of_the_lists(world, login, need, project, resource):

    f.triaged(need, by=world.social_worker)
    dispatch = f.dispatched(need, by=world.social_worker, department=world.department)
    task = f.task_for(need, by=world.social_worker, volunteer=world.volunteer)
    client = login(world.outsider)
    gets = [
        reverse("needs:detail", args=[need.pk]),
        reverse("needs:close", args=[need.pk]),
        reverse("needs:task_detail", args=[task.pk]),
        reverse("dispatch:detail", args=[dispatch.pk]),
        reverse("resources:detail", args=[resource.pk]),
        reverse("resources:edit", args=[resource.pk]),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("needs:triage", args=[need.pk]),
        reverse("needs:task_create", args=[need.pk]),
        reverse("needs:dispatch", args=[need.pk]),
        reverse("needs:service_item", args=[need.pk]),
        reverse("needs:resource_use", args=[need.pk]),
        reverse("needs:case_open", args=[need.pk]),
        reverse("needs:served", args=[need.pk]),
        reverse("needs:task_respond", args=[task.pk, "accept"]),
        reverse("dispatch:answer", args=[dispatch.pk, "complete"]),
        reverse("projects:add", args=[project.pk, "item"]),
    ]
    for url in posts:
        assert client.post(url, {"text": "x"}).status_code == 404, url
    # What the outsider's own county has, which each list shows them beside hiding this county's.
    from needs import services as needs
    from projects.models import Project
    from resources.models import Resource

    health = f.OrganisationFactory(
        kind=Kind.DEPARTMENT, department=Department.HEALTH, name="金川区卫健委", region=world.foreign_county
    )
    own_need = needs.need_create(
        source="staff",
        by=world.outsider,
        data={"recipient": world.foreign_recipient, "region": world.foreign_community, "description": "x"},
    )
    f.triaged(own_need, by=world.outsider)
    f.dispatched(own_need, by=world.outsider, department=health)
    Resource.objects.create(
        provider=health, kind="haircut", name="金川义诊", capacity=2, unit="次", area=world.foreign_county
    )
    Project.objects.create(
        name="金川助老",
        region=world.foreign_community,
        owner=world.foreign_team,
        lead=world.outsider,
        method="casework",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    for url, own in (
        (reverse("needs:list"), "张桂兰"),
        (reverse("dispatch:list"), "金川区卫健委"),
        (reverse("resources:list"), "金川义诊"),
        (reverse("projects:list"), "金川助老"),
        (reverse("dispatch:coordination"), "金川区卫健委"),
    ):
        body = client.get(url).content.decode()
        assert own in body, url  # is shown: their own county's
        assert "韩桂兰" not in body and "暖阳相伴" not in body and "爱心义剪" not in body, url
    need.refresh_from_db()
    assert need.status == Status.IN_SERVICE and dispatch.status == "sent"


def test_another_department_cannot_answer_a_dispatch(world, login, need):
    from dispatch.services import need_dispatch
    from needs import services

    other = Organisation.objects.create(
        kind=Kind.DEPARTMENT, department=Department.HEALTH, name="科左中旗卫健委", region=world.county
    )
    other_liaison = f.UserFactory(name="卫健联络员")
    f.grant(other_liaison, Role.DEPARTMENT_LIAISON, organisation=other)
    services.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    dispatch = need_dispatch(
        need=need,
        by=world.social_worker,
        department=world.department,
        deadline=timezone.now() + datetime.timedelta(days=1),
    )
    assert (
        login(other_liaison).post(reverse("dispatch:answer", args=[dispatch.pk, "complete"]), {"text": "x"}).status_code
        == 404
    )


def test_project_progress_counts_served_needs(world, project, life_care):
    from needs import services
    from projects.services import target_progress

    item = project.service_items.get()
    target = project.targets.get()
    statuses = []
    for index in range(4):
        need = services.need_create(
            source="staff", by=world.social_worker, data={"region": world.community, "description": f"需求{index}"}
        )
        services.need_triage(need=need, by=world.social_worker, service_field=life_care, urgency="normal", crisis=False)
        services.need_match_service_item(need=need, by=world.social_worker, item=item)
        if index < 2:
            services.need_mark_served(need=need, by=world.social_worker)
        if index == 0:
            services.need_evaluate(
                need=need, by=world.social_worker, satisfaction=4, comment="", outcome="", given_by="家属"
            )
        statuses.append(Need.objects.get(pk=need.pk).status)
    assert statuses == [Status.CLOSED, Status.SERVED, Status.IN_SERVICE, Status.IN_SERVICE]
    assert target_progress(target) == 2 == item.needs.filter(status__in=[Status.SERVED, Status.CLOSED]).count()


def test_a_resource_refuses_use_beyond_its_capacity(world, login, need, resource):
    from needs import services

    services.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    client = login(world.social_worker)
    client.post(reverse("needs:resource_use", args=[need.pk]), {"resource": resource.pk, "quantity": 2})
    response = client.post(
        reverse("needs:resource_use", args=[need.pk]), {"resource": resource.pk, "quantity": 1}, follow=True
    )
    assert "剩余" in response.content.decode()
    assert resource.uses.count() == 1 and resource.remaining() == 0


def test_the_phone_link_collects_the_evaluation(world, client, need):
    from needs import services

    services.need_triage(need=need, by=world.social_worker, service_field=None, urgency="normal", crisis=False)
    services.need_open_case(need=need, by=world.social_worker)
    services.need_mark_served(need=need, by=world.social_worker)
    url = reverse("needs:feedback", args=[need.feedback_token])
    body = client.get(url).content.decode()
    assert 'name="satisfaction"' in body  # what is asked
    assert "韩桂兰" not in body and world.recipient.phone not in body  # ... and nothing of whom it is about
    client.post(url, {"satisfaction": 5, "comment": "谢谢"})
    need.refresh_from_db()
    assert need.status == Status.CLOSED and need.evaluation.comment == "谢谢"
    client.post(url, {"satisfaction": 1})
    assert need.evaluation.satisfaction == 5  # a second submission changes nothing


def test_published_lists_show_no_personal_data(world, client, project, resource, need):
    project.service_items.create(name="智能手机课")
    body = client.get(reverse("projects:published", args=[world.community.code])).content.decode()
    assert "暖阳相伴" in body and "智能手机课" in body and "爱心义剪" in body
    assert "韩桂兰" not in body and "灯泡" not in body


def test_a_resident_follows_their_own_requests_only(world, login, need):
    from needs import services

    other = services.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.other_recipient, "region": world.other_community, "description": "别人的需求"},
    )
    client = login(world.resident)
    body = client.get(reverse("needs:mine")).content.decode()
    assert f"#{need.pk}" in body and "别人的需求" not in body
    assert client.get(reverse("needs:detail", args=[need.pk])).status_code == 200
    assert client.get(reverse("needs:detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("needs:triage", args=[need.pk]), {"urgency": "low"}).status_code == 403


def test_the_overdue_filter_lists_only_late_needs(world, login, need):
    from needs import services

    late = services.need_create(
        source="staff", by=world.social_worker, data={"region": world.community, "description": "迟了"}
    )
    Need.objects.filter(pk=late.pk).update(response_due_at=timezone.now() - datetime.timedelta(hours=1))
    body = login(world.social_worker).get(reverse("needs:list"), {"overdue": "1"}).content.decode()
    assert f"#{late.pk}" in body and f"#{need.pk}<" not in body
