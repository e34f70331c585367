"""The REST API (Django Ninja): its routers, its errors, its OpenAPI schema at /api/v1/openapi.json and its
interactive docs at /api/v1/docs, served from ninja's own static files (no CDN)."""

from ninja import NinjaAPI

from api import errors
from api.endpoints import activities, ledger, matching, needs, people

# Every operation may answer these, from the token check (api/auth.py), core.access and the errors (api/errors.py).
ERRORS = {
    "401": "No usable token: missing, unknown, expired or revoked",
    "403": "The token lacks the scope, or the owner may see the object but not change it",
    "404": "Not found, or outside what the token's owner may see",
    "422": "The input does not pass the checks",
    "429": "Too many requests from the token's owner (all their tokens) in a minute",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"description": "What went wrong (a list of problems for malformed input)"}},
    "required": ["detail"],
}


class QianniuAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERRORS.items():
                    responses.setdefault(
                        code, {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
                    )
        return schema


api = QianniuAPI(
    title="Qianniu API",
    version="1",
    description=(
        "Every request carries a personal access token (`Authorization: Bearer qn_…`, made under "
        "“My profile → API tokens”). The API acts as the token's owner: it answers what the owner may see on "
        "the pages (404 for anything outside it) within the token's scopes. Lists are keyset pages: pass "
        "`next_after` as `after` for the next one."
    ),
    urls_namespace="api",
)
errors.install(api)
for module in (people, needs, activities, ledger, matching):
    api.add_router("", module.router)


def api_urls():
    """The API's URL patterns for the root URLconf. Its views declare their access like every view
    (qianniu/tests/test_urls.py): the schema and the docs are public, every operation takes a token and reads
    through the owner's scope (api/auth.py)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        public = pattern.name in ("openapi-json", "openapi-view")
        pattern.callback.access_rule = "public" if public else "API token, scoped through core.access"
    return patterns, app_name, namespace
