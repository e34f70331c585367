import pytest

from api import services
from needs import services as need_services


@pytest.fixture
def token_of():
    """A token's secret for a persona, with the given scopes."""

    def make(user, *scopes, days=30):
        _token, secret = services.token_create(user=user, name="test", scopes=list(scopes), days=days)
        return secret

    return make


@pytest.fixture
def bearer(client):
    """GET or POST through the API with a token."""

    class Bearer:
        def __init__(self, secret):
            self.headers = {"Authorization": f"Bearer {secret}"}

        def get(self, path, **params):
            return client.get(f"/api/v1{path}", params, headers=self.headers)

        def post(self, path, payload):
            return client.post(f"/api/v1{path}", payload, content_type="application/json", headers=self.headers)

    return Bearer


@pytest.fixture
def needs_of(world):
    """A need in the social worker's community and one in the outsider's county: (ours, foreign)."""
    ours = need_services.need_create(
        source="staff",
        by=world.social_worker,
        data={"recipient": world.recipient, "region": world.community, "description": "买药"},
    )
    foreign = need_services.need_create(
        source="staff",
        by=world.outsider,
        data={"recipient": world.foreign_recipient, "region": world.foreign_community, "description": "理发"},
    )
    return ours, foreign
