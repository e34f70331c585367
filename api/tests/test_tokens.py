"""Personal access tokens: shown once, stored as a digest, scoped, expiring, revoked by their owner or the
region admin of the owner's area."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import AccessToken
from api.services import TokenError, token_create, token_revoke
from people.models import Role
from qianniu.tests import factories as f


def test_a_token_is_shown_once_and_stored_as_its_sha256(world, login):
    client = login(world.social_worker)
    response = client.post(reverse("tokens:create"), {"name": "报表", "scopes": ["needs:read"], "days": 30})
    secret = response.context["secret"]
    assert secret.startswith("qn_") and secret in response.content.decode()
    token = AccessToken.objects.get(user=world.social_worker)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.filter(pk=token.pk).values().get())
    listed = client.get(reverse("tokens:list")).content.decode()
    assert "报表" in listed and token.prefix in listed and secret not in listed


def test_a_token_needs_a_known_scope_and_a_life_within_a_year(world):
    with pytest.raises(TokenError, match="请至少选择一项权限范围"):
        token_create(user=world.social_worker, name="x", scopes=["everything:write"], days=30)
    with pytest.raises(TokenError, match="1 至 365 天"):
        token_create(user=world.social_worker, name="x", scopes=["needs:read"], days=400)


def test_an_expired_token_opens_nothing(world, client):
    token, secret = token_create(user=world.social_worker, name="x", scopes=["needs:read"], days=1)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/needs", headers=headers).status_code == 200
    past = timezone.now() - datetime.timedelta(days=2)
    AccessToken.objects.filter(pk=token.pk).update(created_at=past, expires_at=past + datetime.timedelta(days=1))
    assert client.get("/api/v1/needs", headers=headers).status_code == 401


def test_the_owner_and_the_region_admin_revoke_a_token_and_another_county_s_admin_gets_404(world, login):
    token, _secret = token_create(user=world.social_worker, name="x", scopes=["needs:read"], days=30)
    url = reverse("tokens:revoke", args=[token.pk])
    assert login(world.outsider).post(url).status_code == 404
    assert "x" not in [t.name for t in AccessToken.objects.visible_to(world.outsider)]
    assert login(world.county_admin).get(reverse("tokens:list")).content.decode().count(token.prefix) == 1
    assert login(world.county_admin).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == world.county_admin
    with pytest.raises(TokenError, match="此令牌已经撤销"):
        token_revoke(token=token, by=world.social_worker)
    own, _ = token_create(user=world.social_worker, name="mine", scopes=["needs:read"], days=30)
    assert login(world.social_worker).post(reverse("tokens:revoke", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    assert own.revoked_by == world.social_worker


def test_another_worker_neither_sees_nor_revokes_a_colleague_s_token(world, login):
    token, _secret = token_create(user=world.social_worker, name="x", scopes=["needs:read"], days=30)
    assert login(world.other_social_worker).post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert login(world.social_worker).get(reverse("tokens:list")).content.decode().count(token.prefix) == 1


def test_a_region_admin_revokes_only_the_tokens_of_people_they_may_change_not_merely_see(world, login):
    # A social worker of our county who also works in another county: our admin sees the account (one of its
    # grants is here) but may not change it (another is not), so may not revoke its tokens either.
    f.grant(world.social_worker, Role.SOCIAL_WORKER, region=world.foreign_community)
    token, _secret = token_create(user=world.social_worker, name="two-regions", scopes=["needs:read"], days=30)
    listed = login(world.county_admin).get(reverse("tokens:list")).content.decode()
    assert listed.count(token.prefix) == 1 and reverse("tokens:revoke", args=[token.pk]) not in listed
    owner_listed = login(world.social_worker).get(reverse("tokens:list")).content.decode()
    assert reverse("tokens:revoke", args=[token.pk]) in owner_listed
    assert login(world.county_admin).post(reverse("tokens:revoke", args=[token.pk])).status_code == 403
    # nor the other county's admin, who sees the account through its grant there and may not change it either
    assert login(world.outsider).post(reverse("tokens:revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    # the colleague who works in our county alone is the admin's to change, and so is their token
    colleague, _secret = token_create(user=world.other_social_worker, name="one", scopes=["needs:read"], days=30)
    assert login(world.county_admin).post(reverse("tokens:revoke", args=[colleague.pk])).status_code == 302
    colleague.refresh_from_db()
    assert colleague.revoked_by == world.county_admin
    # and the owner still revokes their own
    assert login(world.social_worker).post(reverse("tokens:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == world.social_worker


def test_the_docs_page_and_the_schema_are_served_without_a_cdn(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body and "cdn" not in body.lower()
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Qianniu API"
