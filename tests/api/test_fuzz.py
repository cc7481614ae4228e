"""Whatever a client puts in a parameter or a body, the API never answers 5xx.

The operations are read from the API's own OpenAPI document, so a new
route is fuzzed as soon as it exists: every query and path parameter
(cursors, dates, numbers, ids, keys) gets arbitrary text and values at the
edge of their range, and every JSON body gets arbitrary JSON, integers
beyond 64 bits, deep nesting and more than the size limit.
"""

import base64
import json
import os
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.accounts.models import Workspace
from cxloop.api.api import api
from cxloop.integrations import services as integrations
from tests import factories
from tests.conftest import bearer

SCHEMA: dict[str, Any] = api.get_openapi_schema()
BODY_METHODS = {"post", "put", "patch"}


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


EDGE_VALUES = [
    "",
    "0",
    "-1",
    "1",
    "1.5",
    "-0",
    "²",
    "١٢",
    "0x10",
    " 1",
    "1e309",
    "NaN",
    "inf",
    str(2**31),
    str(2**63),
    str(2**64),
    "9" * 40,
    "-" + "9" * 40,
    "0001-01-01",
    "0001-01-01T00:00:00+15:00",
    "9999-12-31T23:59:59-15:00",
    "9999-12-31T23:59:59.999999+00:00",
    "2026-02-30",
    "2026-13-01T00:00:00Z",
    "2026-W53",
    "2026-W00",
    "0001-W01",
    "9999-W52",
    "%00",
    "\x00",
    "a" * 3000,
    "../../etc/passwd",
    "sk_",
    _cursor(["0001-01-01T00:00:00+15:00", 1]),
    _cursor(["9999-12-31T23:59:59-15:00", 1]),
    _cursor(["2026-01-01T00:00:00+00:00", 2**70]),
    _cursor([2**70]),
    _cursor(None),
]
parameter_values = st.one_of(
    st.sampled_from(EDGE_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.datetimes().map(lambda moment: moment.isoformat()),
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(EDGE_VALUES)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SCHEMA["components"]["schemas"][name]
    return schema


def _operations(*, with_body: bool) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            if with_body:
                wanted = method in BODY_METHODS and "requestBody" in operation
            else:
                wanted = bool(operation.get("parameters"))
            if wanted:
                found.append((method, path, operation))
    return found


def _ids(operations: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [f"{method.upper()} {path}" for method, path, _ in operations]


def _body_fields(operation: dict[str, Any]) -> list[str]:
    content = operation["requestBody"]["content"]
    schema = _resolve(next(iter(content.values()))["schema"])
    return sorted(schema.get("properties", {})) or ["x"]


def _with_path(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace(f"{{{name}}}", quote(value, safe="") or "%20")
    return path


def _send(client: Client, method: str, path: str, key: str, **kwargs: Any) -> Any:
    response = client.generic(method.upper(), path, **kwargs, **bearer(key))
    assert response.status_code < 500, (method, path, response.content[:300])
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body["detail"], str)
        assert isinstance(body["errors"], list)
    return response


@pytest.fixture
def fuzz_key(workspace_a: Workspace) -> str:
    return factories.secret_key(workspace_a)


@pytest.fixture
def known(workspace_a: Workspace) -> dict[str, str]:
    """Path values of rows that exist, so fuzzed queries reach their lists."""
    connection = integrations.connection_create(
        workspace=workspace_a, platform="woocommerce", secret="fuzz-secret-0001"
    ).connection
    return {"connection_id": str(connection.pk), "number": "1", "key": "fuzz"}


PARAMETER_OPERATIONS = _operations(with_body=False)
BODY_OPERATIONS = _operations(with_body=True)


def test_the_fuzzed_operations_cover_every_cursor_and_every_body() -> None:
    names = {
        (path, parameter["name"])
        for _method, path, operation in PARAMETER_OPERATIONS
        for parameter in operation["parameters"]
    }
    assert ("/api/v1/responses", "cursor") in names
    assert ("/api/v1/topics", "cursor") in names
    assert ("/api/v1/customers/{customer_id}", "customer_id") in names
    assert len(BODY_OPERATIONS) >= 15


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    PARAMETER_OPERATIONS,
    ids=_ids(PARAMETER_OPERATIONS),
)
@FUZZ
@given(data=st.data())
def test_no_parameter_value_makes_an_operation_fail(
    client: Client,
    fuzz_key: str,
    method: str,
    path: str,
    operation: dict[str, Any],
    data: st.DataObject,
) -> None:
    parameters = operation["parameters"]
    in_path = {
        parameter["name"]: data.draw(parameter_values, label=parameter["name"])
        for parameter in parameters
        if parameter["in"] == "path"
    }
    query = {
        parameter["name"]: data.draw(parameter_values, label=parameter["name"])
        for parameter in parameters
        if parameter["in"] == "query" and data.draw(st.booleans())
    }
    url = _with_path(path, in_path)
    if method in BODY_METHODS:
        _send(client, method, url, fuzz_key, data="{}", content_type="application/json")
    else:
        _send(client, method, f"{url}?{urlencode(query)}", fuzz_key)


def _nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@pytest.mark.parametrize(
    ("method", "path", "operation"), BODY_OPERATIONS, ids=_ids(BODY_OPERATIONS)
)
@FUZZ
@given(data=st.data())
def test_no_json_body_makes_an_operation_fail(
    client: Client,
    fuzz_key: str,
    method: str,
    path: str,
    operation: dict[str, Any],
    data: st.DataObject,
) -> None:
    url = _with_path(path, {"key": "fuzz", "number": "1", "connection_id": "1"})
    fields = _body_fields(operation)
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True, max_size=4))
    body = json.dumps({field: data.draw(json_values, label=field) for field in chosen})
    if chosen and data.draw(st.booleans(), label="nest one field deeply"):
        depth = data.draw(st.integers(min_value=60, max_value=3_000), label="depth")
        body = body[:-1] + f', "{chosen[0]}": {_nested(depth)}}}'
    _send(client, method, url, fuzz_key, data=body, content_type="application/json")


@pytest.mark.parametrize(
    ("method", "path", "operation"), BODY_OPERATIONS, ids=_ids(BODY_OPERATIONS)
)
def test_a_body_nested_too_deep_or_too_large_is_a_4xx(
    client: Client, fuzz_key: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    url = _with_path(path, {"key": "fuzz", "number": "1", "connection_id": "1"})
    field = _body_fields(operation)[0]
    for depth in (65, 1_000, 5_000):
        deep = _send(
            client,
            method,
            url,
            fuzz_key,
            data=f'{{"{field}": {_nested(depth)}}}',
            content_type="application/json",
        )
        assert deep.status_code == 400
        assert deep.json()["errors"][0]["field"] == "body"
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    large = json.dumps({field: "x" * limit})
    answer = _send(
        client, method, url, fuzz_key, data=large, content_type="application/json"
    )
    assert answer.status_code == 413


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    PARAMETER_OPERATIONS,
    ids=_ids(PARAMETER_OPERATIONS),
)
def test_every_edge_value_in_every_parameter_is_answered_without_failing(
    client: Client,
    fuzz_key: str,
    known: dict[str, str],
    method: str,
    path: str,
    operation: dict[str, Any],
) -> None:
    # Hypothesis draws only some of these per run; each is tried here, one
    # parameter at a time, the others left out (or a known row in the path).
    parameters = operation["parameters"]
    fixed = {
        p["name"]: known.get(p["name"], "1") for p in parameters if p["in"] == "path"
    }
    for parameter in parameters:
        for value in EDGE_VALUES:
            if parameter["in"] == "path":
                url, query = _with_path(path, {**fixed, parameter["name"]: value}), {}
            else:
                url, query = _with_path(path, fixed), {parameter["name"]: value}
            if method in BODY_METHODS:
                _send(
                    client,
                    method,
                    url,
                    fuzz_key,
                    data="{}",
                    content_type="application/json",
                )
            else:
                _send(client, method, f"{url}?{urlencode(query)}", fuzz_key)
