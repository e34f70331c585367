from django.urls import reverse

from projects.models import Project


def test_a_social_worker_designs_a_project_with_services_and_targets(world, login):
    client = login(world.social_worker)
    response = client.post(
        reverse("projects:create"),
        {
            "name": "银龄数字课堂",
            "region": world.community.pk,
            "owner": world.team.pk,
            "lead": world.social_worker.pk,
            "method": "group",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(name="银龄数字课堂")
    client.post(reverse("projects:add", args=[project.pk, "item"]), {"name": "智能手机课"})
    item = project.service_items.get()
    client.post(
        reverse("projects:add", args=[project.pk, "target"]),
        {"label": "结业老人", "count": 50, "service_item": item.pk},
    )
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "智能手机课" in body and "0 / 50" in body


def test_a_government_purchase_needs_a_contract_number(world, login):
    response = login(world.social_worker).post(
        reverse("projects:create"),
        {
            "name": "购买服务",
            "region": world.community.pk,
            "owner": world.team.pk,
            "lead": world.social_worker.pk,
            "method": "casework",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "government_purchase": "on",
        },
    )
    assert response.status_code == 200
    assert "合同编号" in response.content.decode()
    assert not Project.objects.exists()


def test_a_volunteer_has_no_project_pages(world, login):
    client = login(world.volunteer_user)
    assert client.get(reverse("projects:create")).status_code == 404
