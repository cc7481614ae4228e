"""Property-based check of the whole API against its own OpenAPI schema.

schemathesis generates requests from /api/v1/openapi.json, valid and invalid,
and sends them in-process with a real secret key: whatever it sends, the API
must never answer 5xx, and its answers must match what the schema promises.
"""

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from cxloop.accounts.models import Workspace
from cxloop.wsgi import application
from tests import factories

# Reading the schema needs no database: it is built from the routes.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open() -> Iterator[None]:
    # schemathesis calls the WSGI app directly; like Django's test client,
    # stop request signals from closing the connection inside the test's
    # transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def fuzz_key(workspace_a: Workspace) -> str:
    return factories.secret_key(workspace_a)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # Same examples on every CI run, so a red build is reproducible; local
    # runs keep exploring new inputs.
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_never_fails_with_5xx_and_keeps_its_schema(
    case: schemathesis.Case, fuzz_key: str
) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {fuzz_key}"},
        checks=[
            not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
        ],
    )
