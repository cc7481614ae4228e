"""/api/v1/webhook-endpoints and /api/v1/webhook-deliveries."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings
from standardwebhooks import Webhook

from cxloop.delivery import services
from cxloop.delivery.models import Delivery
from tests.conftest import bearer
from tests.delivery.receiver import Answer, Receiver, receiving
from tests.factories import public_key

URL = "/api/v1/webhook-endpoints"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver(settings: Settings) -> Iterator[Receiver]:
    settings.CXLOOP_WEBHOOK_ALLOW_PRIVATE = True
    with receiving() as running:
        yield running


def call(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"content_type": "application/json", **bearer(token)}
    if body is not None:
        kwargs["data"] = body
    return getattr(client, method)(path, **kwargs)


def create(client: Client, token: str, url: str, **fields: Any) -> Any:
    response = call(client, "post", URL, token, {"url": url, **fields})
    assert response.status_code == 201, response.json()
    return response.json()


def test_creating_an_endpoint_answers_with_its_secret_once(
    client: Client, key_a: str, receiver: Receiver
) -> None:
    body = create(client, key_a, receiver.url, event_types=["response.created"])

    assert body["secret"].startswith("whsec_")
    assert body["event_types"] == ["response.created"]
    shown = call(client, "get", f"{URL}/{body['id']}", key_a).json()
    assert "secret" not in shown
    assert body["secret"] not in str(call(client, "get", URL, key_a).json())
    assert shown["secret_prefix"] == body["secret_prefix"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "http://127.0.0.1/x"}, "url"),
        ({"url": "http://169.254.169.254/"}, "url"),
        ({"url": "ftp://example.com/"}, "url"),
        ({"url": "https://example.com/", "event_types": ["nope"]}, "event_types"),
        ({"url": ""}, "url"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(
    client: Client, key_a: str, payload: dict[str, Any], field: str
) -> None:
    response = call(client, "post", URL, key_a, payload)

    assert 400 <= response.status_code < 500
    assert field in {error.get("field") for error in response.json()["errors"]} or (
        field in response.json()["detail"]
    )


def test_a_test_event_is_delivered_signed_and_listed_with_its_response(
    client: Client, key_a: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)

    response = call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)

    assert response.status_code == 202
    (received,) = receiver.wait_for(1)
    event = Webhook(endpoint["secret"]).verify(received.body, received.headers)
    assert event["type"] == "webhook.test"
    listed = call(client, "get", f"{URL}/{endpoint['id']}/deliveries", key_a).json()
    (item,) = listed["items"]
    assert item["status"] == "succeeded"
    assert item["last_status_code"] == 200
    assert item["webhook_id"] == received.headers["webhook-id"]


def test_rotating_answers_with_a_new_secret_and_both_sign_for_a_day(
    client: Client, key_a: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)

    rotated = call(client, "post", f"{URL}/{endpoint['id']}/rotate-secret", key_a)

    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != endpoint["secret"]
    call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    (received,) = receiver.wait_for(1)
    Webhook(endpoint["secret"]).verify(received.body, received.headers)
    Webhook(new_secret).verify(received.body, received.headers)


def test_a_dead_letter_is_listed_and_redelivered_with_the_same_webhook_id(
    client: Client, key_a: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)
    receiver.answers = [Answer(500, body="boom")]
    call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    Delivery.objects.update(status="failed")

    failed = call(
        client, "get", f"{URL}/{endpoint['id']}/deliveries?status=failed", key_a
    ).json()["items"]
    assert failed[0]["last_response"] == "boom"
    response = call(
        client, "post", f"/api/v1/webhook-deliveries/{failed[0]['id']}/redeliver", key_a
    )

    assert response.status_code == 202
    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert Delivery.objects.get().status == "succeeded"


def test_redeliver_all_failed_since_a_time(
    client: Client, key_a: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)
    receiver.answers = [Answer(500), Answer(500)]
    call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    Delivery.objects.update(status="failed")
    since = (timezone.now() - timedelta(hours=1)).isoformat()

    response = call(
        client,
        "post",
        f"{URL}/{endpoint['id']}/redeliver-failed",
        key_a,
        {"since": since},
    )

    assert response.status_code == 202
    assert response.json() == {"redelivered": 2}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"succeeded"}


def test_disabling_and_enabling_an_endpoint(
    client: Client, key_a: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)

    off = call(client, "patch", f"{URL}/{endpoint['id']}", key_a, {"enabled": False})
    assert off.json()["enabled"] is False
    test = call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    assert test.status_code == 409
    on = call(client, "patch", f"{URL}/{endpoint['id']}", key_a, {"enabled": True})
    assert on.json()["enabled"] is True
    assert on.json()["disabled_reason"] == ""


def test_deleting_an_endpoint(client: Client, key_a: str, receiver: Receiver) -> None:
    endpoint = create(client, key_a, receiver.url)

    assert call(client, "delete", f"{URL}/{endpoint['id']}", key_a).status_code == 204
    assert call(client, "get", f"{URL}/{endpoint['id']}", key_a).status_code == 404


def test_another_workspaces_endpoint_and_deliveries_are_not_found(
    client: Client, key_a: str, key_b: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)
    call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    delivery = Delivery.objects.get()
    path = f"{URL}/{endpoint['id']}"

    for method, route in [
        ("get", path),
        ("patch", path),
        ("delete", path),
        ("post", f"{path}/rotate-secret"),
        ("post", f"{path}/test"),
        ("get", f"{path}/deliveries"),
        ("post", f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver"),
        ("get", f"/api/v1/webhook-deliveries/{delivery.pk}/attempts"),
    ]:
        body = {"enabled": False} if method == "patch" else None
        assert call(client, method, route, key_b, body).status_code == 404, route
    assert call(client, "get", URL, key_b).json()["items"] == []


def test_a_public_key_cannot_manage_endpoints(client: Client, workspace_a: Any) -> None:
    token = public_key(workspace_a)

    assert call(client, "get", URL, token).status_code in {401, 403}


def test_the_event_types_are_listed(client: Client, key_a: str) -> None:
    names = {
        event["name"]
        for event in call(client, "get", "/api/v1/webhook-event-types", key_a).json()
    }

    assert {"response.created", "response.analysed", "case.opened"} <= names


def test_every_attempt_of_a_delivery_is_listed_newest_first_with_its_answer(
    client: Client, key_a: str, key_b: str, receiver: Receiver
) -> None:
    endpoint = create(client, key_a, receiver.url)
    receiver.answers = [Answer(503, body="busy <now>")]
    call(client, "post", f"{URL}/{endpoint['id']}/test", key_a)
    delivery = Delivery.objects.get()
    assert delivery.next_attempt_at is not None
    services.delivery_send(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    path = f"/api/v1/webhook-deliveries/{delivery.pk}/attempts"

    response = call(client, "get", path, key_a)

    assert response.status_code == 200
    second, first = response.json()["items"]
    assert (first["number"], first["status_code"]) == (1, 503)
    assert first["response"] == "busy <now>"
    assert (second["number"], second["status_code"]) == (2, 200)
    assert second["error"] == ""
    assert call(client, "get", f"{path}?limit=1", key_a).json()["next_cursor"]
    bad_cursor = call(client, "get", f"{path}?cursor=nonsense", key_a)
    assert bad_cursor.status_code == 400
    assert "cursor" in str(bad_cursor.json())
    assert call(client, "get", path, key_b).status_code == 404
