"""The API's authentication: a personal access token as a bearer token, checked for the operation's scope and
counted against its owner's rate limit (core.ratelimit): per user, not per token, so that making more tokens
gives no more requests."""

from django.conf import settings
from ninja.security import HttpBearer

from api.services import token_authenticate
from core.ratelimit import count_hit


class MissingScope(Exception):
    """The token is good but was not given the scope this operation needs."""

    def __init__(self, scope: str):
        super().__init__(scope)
        self.scope = scope


class TooManyRequests(Exception):
    """The token's owner has made more requests this minute, with all their tokens, than
    settings.API_REQUESTS_PER_MINUTE."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer qn_…`; the request then acts as the token's owner (request.user), so every
    selector and service applies the owner's scope exactly as on the pages."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token):
        found = token_authenticate(token)
        if found is None:
            return None
        if not found.allows(self.scope):
            raise MissingScope(self.scope)
        if count_hit(f"ratelimit:api:user:{found.user_id}", 60) > settings.API_REQUESTS_PER_MINUTE:
            raise TooManyRequests
        request.user = found.user
        return found


def read(area: str) -> TokenAuth:
    return TokenAuth(f"{area}:read")


def write(area: str) -> TokenAuth:
    return TokenAuth(f"{area}:write")
