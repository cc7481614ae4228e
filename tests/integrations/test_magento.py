"""Magento 2 / Adobe Commerce as it really delivers: Adobe Commerce Webhooks'
observer payloads, answers that never fail the shop's own save, and the
catch-up sync over the REST API."""

import json
from pathlib import Path
from typing import Any

from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, SECRETS_B, Post, Recorder

ORDERS_A = "/integrations/magento/shop-a/orders"
CUSTOMERS_A = "/integrations/magento/shop-a/customers"
Status = WebhookDelivery.Status
SUCCESS = {"op": "success"}


def _rest(shared_data: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(payloads.magento(shared_data, name))
    return data


def observer_customer(shared_data: Path) -> dict[str, Any]:
    """`observer.customer_save_after` as Adobe Commerce Webhooks send it: the
    customer model's data, named by `entity_id`, without its addresses."""
    customer = _rest(shared_data, "customer_created_V1_customers.json")
    model = {key: value for key, value in customer.items() if key != "addresses"}
    model["entity_id"] = str(model.pop("id"))
    return {"eventName": "customer_save_after", "data": {"customer": model}}


def observer_order(shared_data: Path) -> dict[str, Any]:
    """`observer.sales_order_save_after`: the order model's data, whose
    addresses are one list, each address with its `address_type`."""
    order = _rest(shared_data, "order_get_V1_orders_3.json")
    billing = order.pop("billing_address")
    order.pop("extension_attributes")
    shipping = {**billing, "address_type": "shipping", "entity_id": 5}
    order["addresses"] = [shipping, billing]
    return {"eventName": "sales_order_save_after", "data": {"order": order}}


def _post(post: Post, path: str, data: Any, token: str = SECRETS["magento"]) -> Any:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return post(path, body, payloads.magento_headers(token))


# --------------------------------------------------------- observer shapes


def test_an_observer_customer_named_by_entity_id_is_stored_and_answered_success(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    response = _post(post, CUSTOMERS_A, observer_customer(shared_data))

    assert response.status_code == 200
    assert response.json().items() >= {"op": "success", "status": "accepted"}.items()
    [(_workspace, value)] = applied.calls
    assert isinstance(value, CustomerData)
    assert value.identities.external_ids == ("magento:2",)
    assert value.identities.email == "jdoe@example.com"
    stored = WebhookDelivery.objects.get()
    assert (stored.object_id, stored.status) == ("2", Status.APPLIED)


def test_an_observer_order_gives_the_phone_and_country_of_its_addresses(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    response = _post(post, ORDERS_A, observer_order(shared_data))

    assert response.status_code == 200
    assert response.json()["op"] == "success"
    [(_workspace, value)] = applied.calls
    assert isinstance(value, OrderData)
    assert value.number == "000000003"
    assert value.customer.phone == "512-555-1111"
    assert value.customer.country == "US"


def test_every_answer_to_adobe_commerce_is_a_success_operation(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
) -> None:
    first = _post(post, ORDERS_A, observer_order(shared_data))
    again = _post(post, ORDERS_A, observer_order(shared_data))

    assert [first.json()["status"], again.json()["status"]] == [
        "accepted",
        "duplicate",
    ]
    assert all(r.json()["op"] == "success" for r in (first, again))
    assert len(applied.calls) == 1


def test_a_body_cxloop_cannot_use_is_kept_with_why_and_the_shop_saves_anyway(
    post: Post, applied: Recorder, connections_a: dict[str, ShopConnection]
) -> None:
    no_id = {"eventName": "customer_save_after", "data": {"customer": {"email": "x"}}}
    missing = _post(post, CUSTOMERS_A, no_id)
    broken = _post(post, ORDERS_A, b'{"eventName": "sales_order_save_after", ')

    for response in (missing, broken):
        assert response.status_code == 200
        assert response.json().items() >= {**SUCCESS, "status": "ignored"}.items()
    assert "customer.id is missing" in missing.json()["detail"]
    kept = {d.topic: d for d in WebhookDelivery.objects.all()}
    assert kept["customers"].status == Status.IGNORED
    assert kept["customers"].error == "customer.id is missing."
    assert "not valid JSON" in kept["orders"].error
    assert applied.calls == []


def test_a_wrong_token_stores_nothing_and_still_lets_the_shop_save(
    shared_data: Path,
    post: Post,
    applied: Recorder,
    connections_a: dict[str, ShopConnection],
    connections_b: dict[str, ShopConnection],
) -> None:
    order = observer_order(shared_data)
    guessed = _post(post, ORDERS_A, order, token="magento-token-guessed")
    of_b = _post(post, ORDERS_A, order, token=SECRETS_B["magento"])
    nobody = _post(post, "/integrations/magento/nobody/orders", order)

    for response in (guessed, of_b, nobody):
        assert response.status_code == 200
        assert response.json().items() >= {**SUCCESS, "status": "refused"}.items()
    assert "secret" in guessed.json()["detail"]
    assert not WebhookDelivery.objects.exists()
    assert applied.calls == []
