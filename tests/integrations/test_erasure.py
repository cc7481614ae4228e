"""Erasing a person redacts the raw shop deliveries that named them."""

import json
from pathlib import Path
from typing import Any

from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customers
from cxloop.customers.hooks import ErasureSubject
from cxloop.customers.models import Erasure
from cxloop.integrations import services
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests import factories
from tests.conftest import bearer
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, SECRETS_B, Post, Recorder

SHOPIFY_A = "/integrations/shopify/shop-a/webhook"
SHOPIFY_B = "/integrations/shopify/shop-b/webhook"
BOB = ("bob.norman@hostmail.com", "Norman", "555-625-1199", "207119551")


def _deliver(
    post: Post, path: str, secret: str, topic: str, webhook_id: str, data: Any
) -> None:
    body = json.dumps(data).encode()
    headers = payloads.shopify_headers(body, secret, topic, webhook_id)
    answer = post(path, body, headers)
    assert answer.status_code == 200, answer.content


def _mari(customer: dict[str, Any]) -> dict[str, Any]:
    other = json.loads(json.dumps(customer))
    other.update(id=31337, email="mari.maasikas@example.ee", first_name="Mari")
    other["last_name"] = "Maasikas"
    other["default_address"] = {**other["default_address"], "phone": "+3725123456"}
    other["addresses"] = []
    return other


def _bodies(workspace: Workspace) -> list[str]:
    return list(
        WebhookDelivery.objects.of(workspace)
        .order_by("pk")
        .values_list("body", flat=True)
    )


def test_erasing_a_customer_redacts_their_shop_deliveries_and_only_theirs(
    client: Client,
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    connections_b: dict[str, ShopConnection],
    workspace_a: Workspace,
    workspace_b: Workspace,
) -> None:
    customer = payloads.resource(shared_data, "shopify", "customer.json", "customer")
    order = payloads.resource(shared_data, "shopify", "order.json", "order")
    _deliver(post, SHOPIFY_A, SECRETS["shopify"], "customers/create", "c1", customer)
    _deliver(post, SHOPIFY_A, SECRETS["shopify"], "orders/create", "o1", order)
    _deliver(
        post, SHOPIFY_A, SECRETS["shopify"], "customers/create", "m1", _mari(customer)
    )
    # The same person is also a customer of workspace B's shop.
    _deliver(post, SHOPIFY_B, SECRETS_B["shopify"], "orders/create", "o1", order)
    assert all(BOB[0] in body for body in _bodies(workspace_a)[:2])

    bob = customers.customer_lookup(workspace=workspace_a, email=BOB[0])
    key = factories.secret_key(workspace_a)
    erased = client.delete(f"/api/v1/customers/{bob.pk}", **bearer(key))
    assert erased.status_code in (200, 204), erased.content

    bob_deliveries, mari_delivery = _bodies(workspace_a)[:2], _bodies(workspace_a)[2]
    for body in bob_deliveries:
        for value in BOB:
            assert value not in body
        assert "Bob" not in body
    assert "mari.maasikas@example.ee" in mari_delivery
    assert BOB[0] in _bodies(workspace_b)[0]
    redacted = WebhookDelivery.objects.of(workspace_a).filter(object_id="")
    assert redacted.count() == 2
    assert Erasure.objects.get(customer=bob).summary["shop_deliveries"] == 2

    # Shopify retrying the order later is still a duplicate: Bob stays erased.
    body = json.dumps(order).encode()
    headers = payloads.shopify_headers(body, SECRETS["shopify"], "orders/create", "o1")
    assert post(SHOPIFY_A, body, headers).json()["status"] == "duplicate"
    assert (
        customers.customer_find(workspace=workspace_a, kind="email", raw=BOB[0]) is None
    )


def test_a_delivery_not_yet_applied_is_settled_when_its_person_is_erased(
    client: Client,
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    customer = payloads.resource(shared_data, "shopify", "customer.json", "customer")
    _deliver(post, SHOPIFY_A, SECRETS["shopify"], "customers/create", "c1", customer)
    pending = {**customer, "note": "asked again"}
    body = json.dumps(pending).encode()
    headers = payloads.shopify_headers(
        body, SECRETS["shopify"], "customers/update", "c2"
    )
    # Stored, but its apply has not run yet (no on-commit callbacks here).
    answer = client.post(SHOPIFY_A, body, content_type="application/json", **headers)
    assert answer.status_code == 200
    bob = customers.customer_lookup(workspace=workspace_a, email=BOB[0])
    key = factories.secret_key(workspace_a)
    assert client.delete(f"/api/v1/customers/{bob.pk}", **bearer(key)).status_code < 300

    waiting = WebhookDelivery.objects.of(workspace_a).get(delivery_id="c2")
    assert waiting.status == WebhookDelivery.Status.IGNORED
    assert BOB[0] not in waiting.body


def _woo_order(shared_data: Path, number: int, phone: str, email: str) -> bytes:
    order = json.loads(payloads.woocommerce(shared_data, "order_created.json"))
    order["id"] = number
    order["billing"] = {**order["billing"], "phone": phone, "email": email}
    order["billing"]["country"] = "EE"
    order["shipping"] = {**order["shipping"], "country": "EE"}
    return json.dumps(order).encode()


def test_the_erase_hook_finds_a_phone_however_the_shop_spelt_it(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    applied: Recorder,
    workspace_a: Workspace,
) -> None:
    # As Shopify's customers/redact will call it: by identities alone.
    spelt = _woo_order(shared_data, 801, "+372 5123 4567", "")
    other = _woo_order(shared_data, 802, "5123 9999", "")
    for number, body in ((801, spelt), (802, other)):
        headers = payloads.woocommerce_headers(
            body, SECRETS["woocommerce"], "order.created", f"wc-{number}"
        )
        answer = post("/integrations/woocommerce/shop-a/webhook", body, headers)
        assert answer.status_code == 200

    counts = services.delivery_erase_for_customer(
        workspace_a,
        ErasureSubject(customer_ids=(), identities=(("phone", "+37251234567"),)),
    )

    assert counts == {"shop_deliveries": 1}
    # WooCommerce deliveries are keyed by the change they report, not by the
    # delivery header, so the two are told apart by what they still hold.
    bodies = list(
        WebhookDelivery.objects.of(workspace_a).values_list("body", flat=True)
    )
    assert len(bodies) == 2
    assert not any("5123 4567" in body for body in bodies)
    assert sum("5123 9999" in body for body in bodies) == 1


WOO_A = "/integrations/woocommerce/shop-a/webhook"


def _woo_body(shared_data: Path, name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(payloads.woocommerce(shared_data, name))
    data.update(changes)
    return data


def _woo_headers(body: bytes, topic: str, delivery_id: str) -> dict[str, str]:
    return payloads.woocommerce_headers(
        body, SECRETS["woocommerce"], topic, delivery_id
    )


def test_erasing_a_shop_customer_leaves_the_same_numbered_order_of_someone_else(
    client: Client,
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    workspace_a: Workspace,
) -> None:
    # WooCommerce numbers customers and orders apart: customer 15 is Anna,
    # order 15 a guest order of Peeter's.
    anna = _woo_body(shared_data, "customer_created.json", id=15)
    anna["email"] = "anna@example.ee"
    anna["billing"] = {**anna["billing"], "email": "anna@example.ee", "phone": ""}
    anna["shipping"] = {**anna["shipping"], "phone": ""}
    body = json.dumps(anna).encode()
    assert (
        post(WOO_A, body, _woo_headers(body, "customer.created", "d1")).status_code
        == 200
    )
    order = _woo_body(shared_data, "order_created.json", id=15, customer_id=0)
    order["billing"] = {**order["billing"], "email": "peeter@example.ee", "phone": ""}
    order["shipping"] = {**order["shipping"], "phone": ""}
    body = json.dumps(order).encode()
    assert (
        post(WOO_A, body, _woo_headers(body, "order.created", "d2")).status_code == 200
    )
    # Peeter's next change is stored but not applied yet.
    later = json.dumps({**order, "customer_note": "leave at the door"}).encode()
    headers = _woo_headers(later, "order.updated", "d3")
    answer = client.post(WOO_A, later, content_type="application/json", **headers)
    assert answer.status_code == 200
    person = customers.customer_lookup(workspace=workspace_a, email="anna@example.ee")
    key = factories.secret_key(workspace_a)

    erased = client.delete(f"/api/v1/customers/{person.pk}", **bearer(key))

    assert erased.status_code < 300
    deliveries = WebhookDelivery.objects.of(workspace_a)
    assert "anna@example.ee" not in deliveries.get(topic="customer.created").body
    applied = deliveries.get(topic="order.created")
    assert "peeter@example.ee" in applied.body
    waiting = deliveries.get(topic="order.updated")
    assert "peeter@example.ee" in waiting.body
    assert waiting.status == WebhookDelivery.Status.RECEIVED
