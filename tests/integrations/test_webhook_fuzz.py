"""Signed deliveries with arbitrary JSON never make a webhook answer 5xx.

The real payloads of each platform have fields replaced by arbitrary JSON
(integers beyond 64 bits, edge-of-range dates, NULs, deep nesting), are
signed with the connection's secret and posted; the delivery is then
applied for real. Whatever the shop sends, it hears a 2xx or a 4xx.
"""

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests.api.test_fuzz import json_values
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, Post

SOURCES = {
    "shopify orders/create": ("shopify", "order.json", ("order",)),
    "shopify customers/create": ("shopify", "customer.json", ("customer",)),
    "shopify refunds/create": ("shopify", "refund.json", ("refund",)),
    "woocommerce order.created": ("woocommerce", "order_created.json", ()),
    "woocommerce customer.created": ("woocommerce", "customer_created.json", ()),
    "magento orders": ("magento2", "order_get_V1_orders_3.json", ()),
    "magento customers": ("magento2", "customer_created_V1_customers.json", ()),
}
_ids = itertools.count()


def _request(name: str, body: bytes) -> tuple[str, dict[str, str]]:
    platform, topic = name.split(" ", 1)
    number = f"fuzz-{next(_ids)}"
    if platform == "shopify":
        headers = payloads.shopify_headers(body, SECRETS["shopify"], topic, number)
        return "/integrations/shopify/shop-a/webhook", headers
    if platform == "woocommerce":
        headers = payloads.woocommerce_headers(
            body, SECRETS["woocommerce"], topic, number
        )
        return "/integrations/woocommerce/shop-a/webhook", headers
    return f"/integrations/magento/shop-a/{topic}", payloads.magento_headers(
        SECRETS["magento"]
    )


def _mutated(data: st.DataObject, payload: Any) -> Any:
    """The payload with some fields, at any depth, replaced by fuzz."""
    if isinstance(payload, dict) and payload:
        keys = data.draw(st.lists(st.sampled_from(sorted(payload)), max_size=3))
        for key in keys:
            if data.draw(st.booleans()):
                payload[key] = data.draw(json_values, label=key)
            else:
                payload[key] = _mutated(data, payload[key])
    elif isinstance(payload, list) and payload:
        index = data.draw(st.integers(0, len(payload) - 1))
        payload[index] = _mutated(data, payload[index])
    elif data.draw(st.booleans()):
        return data.draw(json_values)
    return payload


@pytest.mark.parametrize("name", list(SOURCES))
@settings(
    max_examples=15,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_signed_delivery_makes_a_webhook_fail(
    shared_data: Path,
    post: Post,
    connections_a: dict[str, ShopConnection],
    name: str,
    data: st.DataObject,
) -> None:
    directory, file, path = SOURCES[name]
    payload = payloads.resource(shared_data, directory, file, *path)
    body = json.dumps(_mutated(data, payload)).encode()
    if data.draw(st.booleans(), label="nest deeply"):
        depth = data.draw(st.integers(min_value=60, max_value=3_000), label="depth")
        body = body[:-1] + b', "fuzz": ' + b"[" * depth + b"]" * depth + b"}"
    url, headers = _request(name, body)
    answer = post(url, body, headers)
    assert answer.status_code < 500, answer.content[:300]
    # Magento's answers also carry Adobe Commerce's `"op": "success"`.
    assert set(answer.json()) <= {"op", "status", "delivery", "detail", "errors"}
    # Whatever was stored was settled or kept for a retry, never lost half-way.
    assert not WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.RECEIVED
    ).exists()
