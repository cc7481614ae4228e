"""A signed delivery whose JSON is nested absurdly deep is a 400, stored nowhere."""

import pytest

from cxloop.integrations.models import ShopConnection, WebhookDelivery
from tests.integrations import payloads
from tests.integrations.conftest import SECRETS, Post, Recorder


def _nested(depth: int) -> bytes:
    inner = b'{"a": ' * depth + b"1" + b"}" * depth
    return (
        b'{"id": 820982911946154508, "email": "x@example.ee", "note": ' + inner + b"}"
    )


def _signed(platform: str, body: bytes) -> tuple[str, dict[str, str]]:
    if platform == "shopify":
        headers = payloads.shopify_headers(
            body, SECRETS["shopify"], "orders/create", "wh-deep"
        )
        return "/integrations/shopify/shop-a/webhook", headers
    if platform == "woocommerce":
        headers = payloads.woocommerce_headers(
            body, SECRETS["woocommerce"], "order.created", "wc-deep"
        )
        return "/integrations/woocommerce/shop-a/webhook", headers
    return "/integrations/magento/shop-a/orders", payloads.magento_headers(
        SECRETS["magento"]
    )


@pytest.mark.parametrize("depth", [100, 5_000])
@pytest.mark.parametrize("platform", ["shopify", "woocommerce"])
def test_a_signed_delivery_nested_too_deep_is_refused_and_not_kept(
    post: Post,
    connections_a: dict[str, ShopConnection],
    applied: Recorder,
    platform: str,
    depth: int,
) -> None:
    path, headers = _signed(platform, _nested(depth))
    answer = post(path, _nested(depth), headers)
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "The body is nested deeper than 64 levels.",
        "errors": [
            {"field": "body", "message": "The body is nested deeper than 64 levels."}
        ],
    }
    assert not WebhookDelivery.objects.exists()
    assert applied.calls == []
    connections_a[platform].refresh_from_db()
    assert connections_a[platform].last_delivery_at is None


@pytest.mark.parametrize("depth", [100, 5_000])
def test_a_magento_delivery_nested_too_deep_is_kept_unapplied_and_answered_success(
    post: Post,
    connections_a: dict[str, ShopConnection],
    applied: Recorder,
    depth: int,
) -> None:
    # A refusal would fail the shop's own save (a required Adobe Commerce
    # hook): it is kept, with why, and never applied.
    path, headers = _signed("magento", _nested(depth))
    answer = post(path, _nested(depth), headers)
    assert answer.status_code == 200
    assert answer.json()["op"] == "success"
    assert answer.json()["detail"] == "The body is nested deeper than 64 levels."
    kept = WebhookDelivery.objects.get()
    assert (kept.status, kept.error) == (
        "ignored",
        "The body is nested deeper than 64 levels.",
    )
    assert applied.calls == []


def test_a_delivery_nested_as_shops_nest_is_accepted(
    post: Post, connections_a: dict[str, ShopConnection], applied: Recorder
) -> None:
    body = _nested(10)
    path, headers = _signed("shopify", body)
    assert post(path, body, headers).status_code == 200
    assert WebhookDelivery.objects.count() == 1
