"""Schemathesis against the API's own OpenAPI schema, in process through the WSGI app, with a token of the
county's admin that holds every scope: no server error, no response outside the schema. The examples are few
(max_examples) so that the suite stays quick; `SCHEMATHESIS_EXAMPLES=50` runs a longer search."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import services
from api.main import api
from api.models import SCOPES

# The coverage phase alone sends hundreds of requests per operation: the examples and the fuzzing suffice here.
config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=config)
schema.app = get_wsgi_application()
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))


@pytest.fixture
def secret(world, settings):
    settings.API_REQUESTS_PER_MINUTE = 100_000
    # As Django's test client does: a request's end must not close the connection holding the test's
    # transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield services.token_create(user=world.county_admin, name="schemathesis", scopes=SCOPES, days=1)[1]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_answers_within_its_schema(case, secret):
    response = case.call(headers={"Authorization": f"Bearer {secret}"})
    case.validate_response(
        response,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
