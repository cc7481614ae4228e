"""The inbound webhook endpoints, driven with the platforms' real payloads."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from cxloop.integrations.platforms.base import RefundData, sign
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, SECRETS_B, Post, Recorder

SHOPIFY_A = "/integrations/shopify/shop-a/webhook"
WOO_A = "/integrations/woocommerce/shop-a/webhook"
MAGENTO_A = "/integrations/magento/shop-a/orders"
MAGENTO_CUSTOMERS_A = "/integrations/magento/shop-a/customers"

Delivery = tuple[str, bytes, dict[str, str]]


def _shopify(topic: str, name: str, *path: Any) -> Callable[[Path], Delivery]:
    def build(shared_data: Path) -> Delivery:
        body = payloads.shopify(shared_data, name, *path)
        headers = payloads.shopify_headers(
            body, SECRETS["shopify"], topic, f"wh-{topic}"
        )
        return SHOPIFY_A, body, headers

    return build


def _woo(topic: str, name: str) -> Callable[[Path], Delivery]:
    def build(shared_data: Path) -> Delivery:
        body = payloads.woocommerce(shared_data, name)
        headers = payloads.woocommerce_headers(
            body, SECRETS["woocommerce"], topic, f"wc-{topic}"
        )
        return WOO_A, body, headers

    return build


def _magento(path: str, name: str) -> Callable[[Path], Delivery]:
    def build(shared_data: Path) -> Delivery:
        body = payloads.magento(shared_data, name)
        return path, body, payloads.magento_headers(SECRETS["magento"])

    return build


DELIVERIES = {
    "shopify orders/create": (
        _shopify("orders/create", "order.json", "order"),
        OrderData,
    ),
    "shopify orders/updated": (
        _shopify("orders/updated", "orders.json", "orders", 0),
        OrderData,
    ),
    "shopify orders/fulfilled": (
        _shopify("orders/fulfilled", "order.json", "order"),
        OrderData,
    ),
    "shopify refunds/create": (
        _shopify("refunds/create", "refund.json", "refund"),
        RefundData,
    ),
    "shopify customers/create": (
        _shopify("customers/create", "customer.json", "customer"),
        CustomerData,
    ),
    "shopify customers/update": (
        _shopify("customers/update", "customer.json", "customer"),
        CustomerData,
    ),
    "woocommerce order.created": (
        _woo("order.created", "order_created.json"),
        OrderData,
    ),
    "woocommerce order.updated": (
        _woo("order.updated", "order_updated.json"),
        OrderData,
    ),
    "woocommerce customer.created": (
        _woo("customer.created", "customer_created.json"),
        CustomerData,
    ),
    "magento order": (_magento(MAGENTO_A, "order_get_V1_orders_3.json"), OrderData),
    "magento customer": (
        _magento(MAGENTO_CUSTOMERS_A, "customer_created_V1_customers.json"),
        CustomerData,
    ),
}


@pytest.mark.parametrize("name", list(DELIVERIES))
def test_a_signed_delivery_is_stored_once_and_applied_once_even_when_repeated(
    name: str,
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    build, kind = DELIVERIES[name]
    path, body, headers = build(shared_data)

    first = post(path, body, headers)
    again = post(path, body, headers)

    assert first.status_code == 200, first.json()
    assert first.json()["status"] == "accepted"
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    stored = WebhookDelivery.objects.of(workspace_a).get()
    assert stored.status == WebhookDelivery.Status.APPLIED
    assert stored.body == body.decode()
    assert stored.attempts == 1
    assert [type(value) for _, value in applied.calls] == [kind]
    assert applied.calls[0][0] == workspace_a


def test_the_applied_shopify_order_is_the_one_the_shop_sent(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    path, body, headers = _shopify("orders/create", "order.json", "order")(shared_data)
    post(path, body, headers)
    (_, order), *_ = applied.calls
    assert isinstance(order, OrderData)
    assert (order.number, order.total, order.currency) == (
        "#1001",
        Decimal("409.94"),
        "USD",
    )
    assert order.customer.email == "bob.norman@hostmail.com"
    stored = WebhookDelivery.objects.get()
    assert (stored.topic, stored.object_id, stored.delivery_id) == (
        "orders/create",
        "450789469",
        "wh-orders/create",
    )
    connection = ShopConnection.objects.get(pk=connections_a["shopify"].pk)
    assert connection.last_delivery_at == stored.received_at


def test_the_same_magento_order_state_sent_twice_is_applied_once(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    body = payloads.magento(shared_data, "order_get_V1_orders_3.json")
    headers = payloads.magento_headers(SECRETS["magento"])
    post(MAGENTO_A, body, headers)
    # A poller re-sending the unchanged order (same updated_at) is a duplicate.
    resent = post(MAGENTO_A, body.replace(b"\n", b"\r\n"), headers)
    assert resent.json()["status"] == "duplicate"
    changed = body.replace(b'"2017-08-21 22:22:20"', b'"2017-08-22 08:00:00"')
    assert post(MAGENTO_A, changed, headers).json()["status"] == "accepted"
    assert len(applied.calls) == 2


# --------------------------------------------------------------- refusals


def test_a_tampered_body_is_401_and_stores_nothing(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    path, body, headers = _shopify("orders/create", "order.json", "order")(shared_data)
    response = post(path, body.replace(b"409.94", b"0.01"), headers)
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]
    assert not WebhookDelivery.objects.exists()
    assert applied.calls == []


@pytest.mark.parametrize("platform", ["shopify", "woocommerce"])
def test_a_body_signed_with_another_secret_is_401(
    platform: str,
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    if platform == "shopify":
        body = payloads.shopify(shared_data, "order.json", "order")
        headers = payloads.shopify_headers(body, "not-the-secret", "orders/create", "1")
        path = SHOPIFY_A
    else:
        body = payloads.woocommerce(shared_data, "order_created.json")
        headers = payloads.woocommerce_headers(
            body, "not-the-secret", "order.created", "1"
        )
        path = WOO_A
    assert post(path, body, headers).status_code == 401
    assert not WebhookDelivery.objects.exists()


def test_a_missing_signature_or_token_is_401(
    shared_data: Path, post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    body = payloads.shopify(shared_data, "order.json", "order")
    assert (
        post(SHOPIFY_A, body, {"HTTP_X_SHOPIFY_TOPIC": "orders/create"}).status_code
        == 401
    )
    # Magento is refused with a 200 `{"op": "success", "status": "refused"}`,
    # so a required Adobe Commerce hook does not fail the shop's save
    # (test_magento.py); it stores nothing either.
    magento = payloads.magento(shared_data, "order_get_V1_orders_3.json")
    assert post(MAGENTO_A, magento, {}).json()["status"] == "refused"
    wrong = payloads.magento_headers("magento-token-guessed")
    assert post(MAGENTO_A, magento, wrong).json()["status"] == "refused"
    assert not WebhookDelivery.objects.exists()


def test_workspace_a_url_refuses_a_delivery_signed_with_workspace_b_secret(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    connections_b: dict[str, ShopConnection],
) -> None:
    body = payloads.shopify(shared_data, "order.json", "order")
    headers = payloads.shopify_headers(body, SECRETS_B["shopify"], "orders/create", "x")
    assert post(SHOPIFY_A, body, headers).status_code == 401
    magento = payloads.magento(shared_data, "order_get_V1_orders_3.json")
    b_token = payloads.magento_headers(SECRETS_B["magento"])
    assert post(MAGENTO_A, magento, b_token).json()["status"] == "refused"
    assert not WebhookDelivery.objects.exists()
    assert applied.calls == []


def test_an_unknown_workspace_and_a_missing_connection_look_alike(
    shared_data: Path,
    post: Post,
    workspace_a: Workspace,
    connections_b: dict[str, ShopConnection],
) -> None:
    body = payloads.shopify(shared_data, "order.json", "order")
    headers = payloads.shopify_headers(body, SECRETS["shopify"], "orders/create", "1")
    unknown = post("/integrations/shopify/nobody/webhook", body, headers)
    unconnected = post(SHOPIFY_A, body, headers)
    assert unknown.status_code == unconnected.status_code == 404
    assert unknown.json() == unconnected.json()
    assert not WebhookDelivery.objects.exists()


def test_an_inactive_connection_keeps_its_deliveries_unapplied(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    # It was a 404, which Shopify counts towards removing the subscription
    # and WooCommerce towards disabling the webhook: a paused connection now
    # keeps what comes, to apply it when resumed (test_paused_and_oversized.py).
    connection = connections_a["shopify"]
    connection.active = False
    connection.save(update_fields=["active"])
    path, body, headers = _shopify("orders/create", "order.json", "order")(shared_data)
    answer = post(path, body, headers)
    assert (answer.status_code, answer.json()["status"]) == (200, "paused")
    assert WebhookDelivery.objects.get().status == "paused"
    assert applied.calls == []


def test_an_unused_topic_is_answered_200_and_recorded_but_not_applied(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    body = payloads.shopify(shared_data, "checkouts.json", "checkouts", 0)
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"], "checkouts/create", "c-1"
    )
    response = post(SHOPIFY_A, body, headers)
    assert (response.status_code, response.json()["status"]) == (200, "ignored")
    stored = WebhookDelivery.objects.get()
    assert (stored.topic, stored.status) == ("checkouts/create", "ignored")
    assert applied.calls == []


def test_signed_malformed_json_is_400_naming_the_problem(
    post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    body = b'{"id": 1, "total_price": '
    headers = payloads.shopify_headers(body, SECRETS["shopify"], "orders/create", "1")
    response = post(SHOPIFY_A, body, headers)
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "body"
    assert not WebhookDelivery.objects.exists()


def test_a_body_over_one_megabyte_is_answered_too_large_and_not_kept(
    post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    # It was a 413, which only makes a shop resend the same body and count
    # towards disabling the webhook: now a 200 saying so, and a delivery
    # without its body saying what came (test_paused_and_oversized.py).
    body = b'{"note": "' + b"x" * (1024 * 1024) + b'"}'
    headers = payloads.shopify_headers(body, SECRETS["shopify"], "orders/create", "1")
    response = post(SHOPIFY_A, body, headers)
    assert (response.status_code, response.json()["status"]) == (200, "too_large")
    assert response.json()["detail"].startswith("The body is larger than")
    kept = WebhookDelivery.objects.get()
    assert (kept.topic, kept.status, kept.body) == ("orders/create", "ignored", "{}")


def test_only_post_is_allowed(
    client: Any, connections_a: dict[str, ShopConnection]
) -> None:
    response = client.get(SHOPIFY_A)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


# ---------------------------------------------------------- WooCommerce ping


def test_the_woocommerce_ping_gets_200_and_stores_nothing(
    post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    response = post(
        WOO_A, b"webhook_id=17", {}, content_type="application/x-www-form-urlencoded"
    )
    assert (response.status_code, response.json()["status"]) == (200, "ping")
    assert not WebhookDelivery.objects.exists()


def test_the_woocommerce_ping_to_an_unknown_workspace_is_404(
    post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    response = post(
        "/integrations/woocommerce/nobody/webhook",
        b"webhook_id=17",
        {},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 404


# ------------------------------------------------------- several connections


def test_a_second_connection_of_one_platform_is_told_apart_by_its_secret(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    from cxloop.integrations import services

    rotated = services.connection_create(
        workspace=workspace_a, platform="shopify", secret="shpss_rotated_secret_0002"
    ).connection
    body = payloads.shopify(shared_data, "customer.json", "customer")
    headers = payloads.shopify_headers(
        body, "shpss_rotated_secret_0002", "customers/create", "r-1"
    )
    assert post(SHOPIFY_A, body, headers).status_code == 200
    assert WebhookDelivery.objects.get().connection == rotated


def test_a_signature_over_the_exact_bytes_is_what_counts(
    shared_data: Path, post: Post, connections_a: dict[str, ShopConnection]
) -> None:
    # Re-serialising the JSON (as a proxy might) changes the bytes: refused.
    body = payloads.shopify(shared_data, "order.json", "order")
    headers = payloads.shopify_headers(body, SECRETS["shopify"], "orders/create", "1")
    headers["HTTP_X_SHOPIFY_HMAC_SHA256"] = sign(
        body=body.replace(b", ", b","), secret=SECRETS["shopify"]
    )
    assert post(SHOPIFY_A, body, headers).status_code == 401
