import datetime

from django.urls import reverse

from resources.models import Resource


def resource_form(world, **changes):
    data = {
        "provider": world.department.pk,
        "kind": "haircut",
        "name": "爱心义剪",
        "capacity": 20,
        "unit": "次",
        "period": "month",
        "area": world.community.pk,
        "public": "on",
    }
    data.update(changes)
    return data


def test_a_social_worker_registers_a_resource_of_the_county_department(world, login):
    response = login(world.social_worker).post(reverse("resources:create"), resource_form(world))
    assert response.status_code == 302
    assert Resource.objects.get(name="爱心义剪").provider == world.department


def test_a_resource_cannot_cover_an_area_outside_the_scope(world, login):
    response = login(world.social_worker).post(
        reverse("resources:create"), resource_form(world, area=world.other_community.pk)
    )
    assert response.status_code == 200
    assert not Resource.objects.exists()


def test_validity_must_be_ordered(world, login):
    response = login(world.social_worker).post(
        reverse("resources:create"), resource_form(world, valid_from="2026-12-01", valid_until="2026-11-01")
    )
    assert response.status_code == 200
    assert not Resource.objects.exists()


def test_a_liaison_offers_a_resource_of_the_department(world, login):
    client = login(world.liaison)
    response = client.post(reverse("resources:create"), resource_form(world, area=world.county.pk, name="临时救助"))
    assert response.status_code == 302
    assert "临时救助" in client.get(reverse("resources:list")).content.decode()


def test_remaining_capacity_counts_this_month_only(world):
    from resources.services import resource_use_record

    resource = Resource.objects.create(
        provider=world.department, kind="clinic", name="义诊", capacity=10, area=world.county
    )
    today = datetime.date(2026, 11, 29)
    resource_use_record(resource=resource, by=world.social_worker, quantity=4, on=today)
    resource_use_record(resource=resource, by=world.social_worker, quantity=5, on=datetime.date(2026, 10, 3))
    assert resource.remaining(today) == 6
