"""A region admin does not change their own volunteer registration's status."""

import pytest
from django.urls import reverse

from people import services
from people.models import Role
from qianniu.tests import factories as f


def test_a_region_admin_does_not_restore_their_own_suspended_registration(world, login):
    admin = f.volunteer(name="巴特尔", region=world.community)
    f.grant(admin.user, Role.REGION_ADMIN, region=world.county)
    services.volunteer_set_status(volunteer=admin, by=world.county_admin, status="suspended")
    client = login(admin.user)
    own_url = reverse("people:volunteer_status", args=[admin.pk])
    assert own_url not in client.get(admin.get_absolute_url()).content.decode()
    other_url = reverse("people:volunteer_status", args=[world.volunteer.pk])
    assert other_url in client.get(world.volunteer.get_absolute_url()).content.decode()
    response = client.post(own_url, {"status": "registered"}, follow=True)
    assert "自己" in response.content.decode()
    admin.refresh_from_db()
    assert admin.status == "suspended"
    with pytest.raises(services.PeopleError, match="自己"):
        services.volunteer_set_status(volunteer=admin, by=admin.user, status="registered")
    login(world.county_admin).post(own_url, {"status": "registered"})
    admin.refresh_from_db()
    assert admin.status == "registered"
