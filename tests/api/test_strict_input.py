"""Input the API used to accept leniently is refused with a 422 naming it,
and JSON nested too deeply is a 400 before any schema sees it."""

from typing import Any

from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.journeys.models import Event
from cxloop.surveys.models import Response
from tests.conftest import bearer


def _post(client: Client, path: str, key: str, body: Any) -> Any:
    return client.post(path, body, content_type="application/json", **bearer(key))


def _fields(answer: Any) -> set[str]:
    return {error["field"] for error in answer.json()["errors"]}


def _event(**fields: Any) -> dict[str, Any]:
    return {"event_id": "evt-1", "type": "search", **fields}


def test_a_response_for_an_empty_customer_is_refused_naming_the_customer(
    client: Client, key_a: str
) -> None:
    answer = _post(
        client,
        "/api/v1/responses",
        key_a,
        {"survey": "feedback", "customer": {}, "answers": {"text": "Hea pood"}},
    )
    assert answer.status_code == 422
    assert _fields(answer) == {"customer"}
    assert set(answer.json()) == {"detail", "errors"}
    assert not Response.objects.exists()


def test_an_event_for_an_empty_customer_names_the_customer_field(
    client: Client, key_a: str
) -> None:
    answer = _post(client, "/api/v1/events", key_a, {"events": [_event(customer={})]})
    assert answer.status_code == 422
    assert _fields(answer) == {"events.0.customer"}


def test_an_event_property_beyond_64_bits_is_refused_not_stored_as_a_float(
    client: Client, key_a: str
) -> None:
    body = (
        '{"events": [{"event_id": "big", "type": "search", '
        f'"properties": {{"n": {2**70}}}}}, '
        '{"event_id": "small", "type": "search", "properties": {"n": 7}}]}'
    )
    answer = _post(client, "/api/v1/events", key_a, body)
    assert answer.status_code == 422
    assert _fields(answer) == {"events.0.properties"}
    assert answer.json()["accepted"] == 1
    assert [event.properties for event in Event.objects.all()] == [{"n": 7}]


def test_a_workspace_phone_region_no_country_has_is_refused(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    answer = client.patch(
        "/api/v1/workspace",
        {"phone_region": "ZZ"},
        content_type="application/json",
        **bearer(key_a),
    )
    assert answer.status_code == 422
    assert _fields(answer) == {"phone_region"}
    workspace_a.refresh_from_db()
    assert workspace_a.phone_region == "EE"
    fine = client.patch(
        "/api/v1/workspace",
        {"phone_region": "lv"},
        content_type="application/json",
        **bearer(key_a),
    )
    assert fine.status_code == 200
    assert fine.json()["phone_region"] == "LV"


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


def test_json_nested_deeply_is_a_400_on_every_body(client: Client, key_a: str) -> None:
    for depth in (100, 900, 5_000):  # 5,000: beyond orjson's own limit
        properties = _nested(depth)
        bodies = {
            "/api/v1/events": (
                f'{{"events": [{{"event_id": "e", "type": "t", '
                f'"properties": {properties}}}]}}'
            ),
            "/api/v1/responses": (f'{{"survey": "feedback", "answers": {properties}}}'),
            "/api/v1/surveys": f'{{"key": "deep", "texts": {properties}}}',
        }
        for path, body in bodies.items():
            answer = _post(client, path, key_a, body)
            assert answer.status_code == 400, (path, depth, answer.content[:200])
            assert answer.json() == {
                "detail": "The JSON is nested deeper than 64 levels.",
                "errors": [
                    {
                        "field": "body",
                        "message": "The JSON is nested deeper than 64 levels.",
                    }
                ],
            }
    assert not Event.objects.exists()
    assert not Response.objects.exists()


def test_json_nested_a_little_is_still_accepted(client: Client, key_a: str) -> None:
    answer = _post(
        client,
        "/api/v1/events",
        key_a,
        f'{{"events": [{{"event_id": "e", "type": "t", "properties": {_nested(8)}}}]}}',
    )
    assert answer.status_code == 202


def test_a_nul_in_the_url_is_a_400_naming_where(client: Client, key_a: str) -> None:
    in_path = client.get("/api/v1/touchpoints/a%00b", **bearer(key_a))
    assert in_path.status_code == 400
    assert _fields(in_path) == {"path"}
    in_query = client.get("/api/v1/responses?survey=a%00b", **bearer(key_a))
    assert in_query.status_code == 400
    assert _fields(in_query) == {"survey"}


def test_a_number_too_large_for_a_double_is_refused_beside_a_long_integer(
    client: Client, key_a: str
) -> None:
    # The long integer sends the body down the exact reader; infinity must
    # not come out of it (PostgreSQL's jsonb cannot store it).
    body = (
        '{"survey": "feedback", "answers": {"text": "x", "n": 1e400}, '
        f'"context": {{"big": {2**70}}}}}'
    )
    answer = _post(client, "/api/v1/responses", key_a, body)
    assert answer.status_code == 400
    assert answer.json()["detail"] == "The request body is not valid JSON."
    assert not Response.objects.exists()
