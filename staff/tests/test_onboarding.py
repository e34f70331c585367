"""The issue's check: the county admin creates a department liaison who signs in through the invitation and
sees that department's dispatches (and not another department's); a region admin invitee sets up two factors."""

import base64
import re

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from dispatch.tests.test_views import dispatched
from needs import services as needs_services
from orgs.models import Department, Kind
from people.models import Role
from qianniu.tests import factories as f

PASSWORD = "qianniu-2026!"


def invitation_link_from(response) -> str:
    return re.search(
        r'value="https?://[^/]+(/invitation/[^"]+)" data-testid="invitation-link"', response.content.decode()
    ).group(1)


def test_the_county_admin_creates_a_liaison_who_signs_in_and_sees_the_departments_dispatches(world, login):
    health = f.OrganisationFactory(
        kind=Kind.DEPARTMENT, department=Department.HEALTH, name="科左中旗卫健委", region=world.county
    )
    civil_affairs = dispatched(world, "核实困难家庭情况")  # to world.department, the civil-affairs bureau
    need = needs_services.need_create(
        source="staff", by=world.social_worker, data={"region": world.community, "description": "卫健的事"}
    )
    f.triaged(need, by=world.social_worker)
    health_dispatch = f.dispatched(need, by=world.social_worker, department=health)

    admin = login(world.county_admin)
    created = admin.post(
        reverse("staff:create"),
        {"name": "孟和", "phone": "13904760010", "role": Role.DEPARTMENT_LIAISON, "department": health.pk},
    )
    assert created.status_code == 200
    link = invitation_link_from(created)

    newcomer = Client()
    assert "设置密码" in newcomer.get(link).content.decode()
    joined = newcomer.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert joined.status_code == 302
    newcomer.logout()

    signed_in = newcomer.post(reverse("login"), {"username": "13904760010", "password": PASSWORD})
    assert signed_in.status_code == 302
    page = newcomer.get(reverse("dispatch:list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"/dispatches/{health_dispatch.pk}/" in body
    assert f"/dispatches/{civil_affairs.pk}/" not in body
    assert newcomer.get(reverse("dispatch:detail", args=[civil_affairs.pk])).status_code == 404
    assert newcomer.get(reverse("dispatch:detail", args=[health_dispatch.pk])).status_code == 200


def test_a_region_admin_signs_in_through_the_invitation_and_sets_up_two_factors(world, login, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    admin = login(world.county_admin)
    created = admin.post(
        reverse("staff:create"),
        {"name": "白音", "phone": "13904760011", "role": Role.REGION_ADMIN, "region": world.township.pk},
    )
    link = invitation_link_from(created)
    newcomer = Client()
    joined = newcomer.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    enrol = reverse("signin:enrol")
    assert joined.url == enrol
    page = newcomer.get(enrol).content.decode()
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page).group(1)
    code = f"{TOTP(base64.b32decode(secret + '=' * (-len(secret) % 8))).token():06d}"
    assert newcomer.get(reverse("staff:list")).status_code == 302  # not before the second factor
    newcomer.post(enrol, {"code": code})
    listing = newcomer.get(reverse("staff:list"))
    assert listing.status_code == 200 and "白音" in listing.content.decode()
