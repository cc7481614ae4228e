"""A paused connection and an oversized body are answered so that no shop
disables its webhook (WooCommerce after more than five failures in a row,
Shopify removing a failing subscription, a required Magento hook failing the
shop's save) and nothing is lost without a trace."""

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxloop.customers.inputs import OrderData
from cxloop.integrations import services
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, Post, Recorder
from tests.integrations.test_webhooks import MAGENTO_A, WOO_A

Status = WebhookDelivery.Status
Capture = Callable[..., Any]


def _pause(connection: ShopConnection) -> None:
    services.connection_set_active(connection=connection, active=False)


def _woo_order(shared_data: Path, post: Post, delivery_id: str = "d-1") -> Any:
    body = payloads.woocommerce(shared_data, "order_created.json")
    headers = payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], "order.created", delivery_id
    )
    return post(WOO_A, body, headers)


def test_a_paused_connection_keeps_what_its_shop_sends_and_answers_200(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    _pause(connections_a["woocommerce"])

    answer = _woo_order(shared_data, post)

    assert (answer.status_code, answer.json()["status"]) == (200, "paused")
    kept = WebhookDelivery.objects.get()
    assert (kept.status, kept.connection) == (
        Status.PAUSED,
        connections_a["woocommerce"],
    )
    assert applied.calls == []


def test_resuming_a_connection_applies_what_came_while_it_was_paused(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _pause(connections_a["woocommerce"])
    _woo_order(shared_data, post)
    assert services.delivery_retry_due() == 0  # the retry job leaves it alone

    with django_capture_on_commit_callbacks(execute=True):
        services.connection_set_active(
            connection=connections_a["woocommerce"], active=True
        )

    assert WebhookDelivery.objects.get().status == Status.APPLIED
    [(_workspace, value)] = applied.calls
    assert isinstance(value, OrderData)


def test_a_paused_connection_still_refuses_a_wrong_signature(
    shared_data: Path, post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    _pause(connections_a["woocommerce"])
    body = payloads.woocommerce(shared_data, "order_created.json")
    headers = payloads.woocommerce_headers(body, "not-the-secret", "order.created", "1")
    assert post(WOO_A, body, headers).status_code == 401
    assert not WebhookDelivery.objects.exists()


def test_a_paused_magento_connection_keeps_the_order_with_a_success_operation(
    shared_data: Path, post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    _pause(connections_a["magento"])
    body = payloads.magento(shared_data, "order_get_V1_orders_3.json")
    answer = post(MAGENTO_A, body, payloads.magento_headers(SECRETS["magento"]))
    assert answer.json().items() >= {"op": "success", "status": "paused"}.items()
    assert WebhookDelivery.objects.get().status == Status.PAUSED


def _oversized() -> bytes:
    return json.dumps({"id": 1, "note": "x" * (1024 * 1024)}).encode()


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        (
            WOO_A,
            lambda body: payloads.woocommerce_headers(
                body, SECRETS["woocommerce"], "order.created", "big"
            ),
        ),
        (MAGENTO_A, lambda body: payloads.magento_headers(SECRETS["magento"])),
    ],
    ids=["woocommerce", "magento"],
)
def test_an_oversized_body_is_answered_200_too_large_and_recorded_without_it(
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    path: str,
    headers: Callable[[bytes], dict[str, str]],
) -> None:
    body = _oversized()
    answer = post(path, body, headers(body))

    assert (answer.status_code, answer.json()["status"]) == (200, "too_large")
    assert answer.json()["detail"] == "The body is larger than 1024 kB."
    kept = WebhookDelivery.objects.get()
    assert (kept.status, kept.body) == (Status.IGNORED, "{}")
    assert kept.error.startswith("The body is larger than 1024 kB. 1024 kB arrived")
    assert kept.delivery_id == answer.json()["delivery"]
    assert applied.calls == []
    if path == MAGENTO_A:
        assert answer.json()["op"] == "success"
    again = post(path, body, headers(body))
    assert again.json()["status"] == "duplicate"


def test_an_oversized_body_with_a_wrong_signature_is_refused_and_not_recorded(
    post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    body = _oversized()
    headers = payloads.woocommerce_headers(body, "not-the-secret", "order.created", "1")
    assert post(WOO_A, body, headers).status_code == 401
    assert not WebhookDelivery.objects.exists()


def test_a_body_too_large_even_to_verify_is_answered_200_and_logged(
    post: Post,
    connections_a: dict[str, ShopConnection],
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = json.dumps({"id": 1, "note": "x" * (9 * 1024 * 1024)}).encode()
    headers = payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], "order.created", "huge"
    )
    with caplog.at_level(logging.WARNING, logger="cxloop.integrations.views"):
        answer = post(WOO_A, body, headers)

    assert (answer.status_code, answer.json()["status"]) == (200, "too_large")
    assert not WebhookDelivery.objects.exists()
    assert any(
        "shop-a" in record.getMessage() and "larger than" in record.getMessage()
        for record in caplog.records
    )
