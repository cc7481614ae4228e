"""POST /api/v1/events: batches, idempotency, partial rejection, limits."""

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.journeys.models import Event
from tests import factories
from tests.conftest import bearer

URL = "/api/v1/events"


def post(client: Client, token: str, body: Any) -> Any:
    return client.post(URL, body, content_type="application/json", **bearer(token))


def event(number: int, **fields: Any) -> dict[str, Any]:
    return {
        "event_id": f"evt-{number}",
        "type": "search",
        "touchpoint": "site_search",
        "anonymous_id": "anon-1",
        "properties": {"query": "lumelabidad", "results": 2},
        "occurred_at": "2026-11-20T10:00:00+02:00",
        **fields,
    }


def test_a_batch_is_stored_and_counted(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    response = post(
        client, key_a, {"events": [event(1), event(2, customer={"email": "a@b.ee"})]}
    )
    assert response.status_code == 202
    assert response.json() == {"accepted": 2, "duplicates": 0, "rejected": []}
    stored = Event.objects.get(workspace=workspace_a, event_id="evt-2")
    assert stored.customer_ref == {"email": "a@b.ee"}
    assert stored.properties == {"query": "lumelabidad", "results": 2}
    assert stored.occurred_at.isoformat() == "2026-11-20T08:00:00+00:00"


def test_a_retried_batch_stores_nothing_twice(client: Client, key_a: str) -> None:
    batch = {"events": [event(1), event(2), event(2)]}
    assert post(client, key_a, batch).json() == {
        "accepted": 2,
        "duplicates": 1,
        "rejected": [],
    }
    assert post(client, key_a, batch).json() == {
        "accepted": 0,
        "duplicates": 3,
        "rejected": [],
    }
    assert Event.objects.count() == 2


def test_a_public_key_may_post_events(client: Client, workspace_a: Workspace) -> None:
    token = factories.public_key(workspace_a)
    assert post(client, token, {"events": [event(1)]}).status_code == 202


def test_the_same_event_id_in_two_workspaces_is_two_events(
    client: Client, key_a: str, key_b: str
) -> None:
    post(client, key_a, {"events": [event(1)]})
    assert post(client, key_b, {"events": [event(1)]}).json()["accepted"] == 1
    assert Event.objects.count() == 2


def test_invalid_items_are_listed_while_valid_ones_are_stored(
    client: Client, key_a: str
) -> None:
    batch = {
        "events": [
            event(1),
            event(2, type=""),
            event(3, properties={"blob": "x" * 17_000}),
            event(4, customer={}),
            event(5, occurred_at="2999-01-01T00:00:00Z"),
            event(6),
        ]
    }
    response = post(client, key_a, batch)
    assert response.status_code == 422
    body = response.json()
    assert (body["accepted"], body["duplicates"]) == (2, 0)
    assert [item["index"] for item in body["rejected"]] == [1, 2, 3, 4]
    fields = {error["field"] for error in body["errors"]}
    assert {"events.1.type", "events.2.properties", "events.4.occurred_at"} <= fields
    assert "4 of 6 events were rejected" in body["detail"]
    assert sorted(Event.objects.values_list("event_id", flat=True)) == [
        "evt-1",
        "evt-6",
    ]


def test_a_batch_over_1000_events_is_a_413_and_stores_nothing(
    client: Client, key_a: str
) -> None:
    response = post(client, key_a, {"events": [event(n) for n in range(1001)]})
    assert response.status_code == 413
    assert "at most 1000" in response.json()["detail"]
    assert Event.objects.count() == 0


def test_a_body_over_one_megabyte_is_a_413(client: Client, key_a: str) -> None:
    body = {"events": [event(n, properties={"pad": "x" * 15_000}) for n in range(80)]}
    response = post(client, key_a, body)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is larger")
    assert Event.objects.count() == 0


def test_a_body_without_events_is_a_422_naming_the_field(
    client: Client, key_a: str
) -> None:
    response = post(client, key_a, {"evnts": []})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "events"


@pytest.mark.django_db(transaction=True)
def test_the_same_batch_posted_twice_at_once_is_stored_once() -> None:
    workspace = factories.workspace("race")
    token = factories.secret_key(workspace)
    batch = {"events": [event(n) for n in range(300)]}
    results: list[dict[str, int]] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        barrier.wait()
        results.append(post(Client(), token, batch).json())
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Event.objects.filter(workspace=workspace).count() == 300
    # Whatever the interleaving, each event is accepted by exactly one call.
    assert sum(result["accepted"] for result in results) == 300
    assert sum(result["duplicates"] for result in results) == 300


def test_nul_characters_are_dropped_not_a_server_error(
    client: Client, key_a: str
) -> None:
    body = {
        "events": [event(1, properties={"query": "kohvi\u0000masin", "n\u0000": 1})]
    }
    response = post(client, key_a, body)
    assert response.status_code == 202
    assert Event.objects.get().properties == {"query": "kohvimasin", "n": 1}


def test_numbers_beyond_64_bits_are_not_a_server_error(
    client: Client, key_a: str
) -> None:
    response = client.post(
        URL,
        '{"events": [{"event_id": "e", "type": "t", "properties": {"n": 1'
        + "0" * 30
        + "}}]}",
        content_type="application/json",
        **bearer(key_a),
    )
    assert response.status_code < 500
