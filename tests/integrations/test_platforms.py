"""Each platform's payloads, as the platforms publish them, mapped to our values."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.integrations.platforms import magento, shopify, woocommerce
from cxloop.integrations.platforms.base import (
    PayloadError,
    RefundData,
    load_json,
    sign,
)
from tests.integrations import payloads

SECRET = "shpss_0123456789abcdef0123456789abcdef"


def _order(value: object) -> OrderData:
    assert isinstance(value, OrderData)
    return value


def _customer(value: object) -> CustomerData:
    assert isinstance(value, CustomerData)
    return value


# ----------------------------------------------------------- signatures


def test_shopify_accepts_its_own_signature_and_refuses_a_tampered_body(
    shared_data: Path,
) -> None:
    body = payloads.shopify(shared_data, "order.json", "order")
    headers = {"x-shopify-hmac-sha256": sign(body=body, secret=SECRET)}
    assert shopify.verify(body=body, headers=headers, secret=SECRET)
    tampered = body.replace(b"409.94", b"1.00")
    assert not shopify.verify(body=tampered, headers=headers, secret=SECRET)
    assert not shopify.verify(body=body, headers=headers, secret=SECRET + "x")
    assert not shopify.verify(body=body, headers={}, secret=SECRET)
    assert not shopify.verify(
        body=body, headers={"x-shopify-hmac-sha256": "not base64!"}, secret=SECRET
    )


def test_woocommerce_accepts_its_own_signature_and_refuses_another_secret(
    shared_data: Path,
) -> None:
    body = payloads.woocommerce(shared_data, "order_created.json")
    headers = {"x-wc-webhook-signature": sign(body=body, secret="woo-secret")}
    assert woocommerce.verify(body=body, headers=headers, secret="woo-secret")
    assert not woocommerce.verify(body=body, headers=headers, secret="other-secret")
    assert not woocommerce.verify(
        body=body + b" ", headers=headers, secret="woo-secret"
    )


def test_magento_wants_the_connection_secret_as_bearer_token() -> None:
    assert magento.verify(
        body=b"{}", headers={"authorization": "Bearer s3cret"}, secret="s3cret"
    )
    assert not magento.verify(
        body=b"{}", headers={"authorization": "Bearer s3cret2"}, secret="s3cret"
    )
    assert not magento.verify(
        body=b"{}", headers={"authorization": "Basic s3cret"}, secret="s3cret"
    )
    assert not magento.verify(body=b"{}", headers={}, secret="s3cret")


def test_the_woocommerce_ping_is_recognised_and_nothing_else_is(
    shared_data: Path,
) -> None:
    assert woocommerce.is_ping(body=b"webhook_id=17", headers={})
    order = payloads.woocommerce(shared_data, "order_created.json")
    assert not woocommerce.is_ping(body=order, headers={})
    assert not woocommerce.is_ping(
        body=b"webhook_id=17", headers={"x-wc-webhook-topic": "order.created"}
    )


def test_malformed_json_is_named() -> None:
    with pytest.raises(PayloadError, match="not valid JSON"):
        load_json(b'{"id": ')
    with pytest.raises(PayloadError, match="JSON object"):
        load_json(b"[1, 2]")


# ---------------------------------------------------------------- Shopify


def test_shopify_order_shows_number_total_lines_customer_and_coupon(
    shared_data: Path,
) -> None:
    body = payloads.shopify(shared_data, "order.json", "order")
    order = _order(shopify.parse("orders/create", load_json(body)))
    assert (order.source, order.external_id, order.number) == (
        "shopify",
        "450789469",
        "#1001",
    )
    assert (order.total, order.currency) == (Decimal("409.94"), "USD")
    assert order.status == "placed"  # financial_status "authorized"
    assert order.placed_at == datetime(2008, 1, 10, 16, 0, tzinfo=UTC)
    assert order.coupon_codes == ("TENOFF",)
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("IPOD2008GREEN", 1, Decimal("199.00")),
        ("IPOD2008RED", 1, Decimal("199.00")),
        ("IPOD2008BLACK", 1, Decimal("199.00")),
    ]
    assert order.lines[0].name == "IPod Nano - 8gb - green"
    assert order.customer.email == "bob.norman@hostmail.com"
    assert order.customer.phone == "555-625-1199"
    assert order.customer.country == "US"
    assert order.customer.external_ids == ("shopify:207119551",)
    assert (order.profile.first_name, order.profile.last_name) == ("Bob", "Norman")
    assert order.profile.consent_marketing is False


def test_shopify_newer_order_shape_is_paid_with_its_discount(
    shared_data: Path,
) -> None:
    body = payloads.shopify(shared_data, "orders.json", "orders", 0)
    order = _order(shopify.parse("orders/updated", load_json(body)))
    # partially_refunded: still a paid order, with the refund on the side.
    assert order.status == "paid"
    assert order.total == Decimal("598.94")
    assert order.discount_total == Decimal("10.00")
    assert order.customer.phone == "+557734881234"


def test_shopify_status_follows_fulfilment_refund_and_cancellation(
    shared_data: Path,
) -> None:
    data = payloads.resource(shared_data, "shopify", "order.json", "order")
    fulfilled = {**data, "financial_status": "paid"}
    fulfilled["fulfillments"] = [{**data["fulfillments"][0], "status": "success"}]
    fulfilled["fulfillment_status"] = "fulfilled"
    order = _order(shopify.parse("orders/fulfilled", fulfilled))
    assert order.status == "fulfilled"
    assert order.fulfilled_at == datetime(2014, 1, 22, 20, 58, 27, tzinfo=UTC)

    delivered = {**fulfilled}
    delivered["fulfillments"] = [
        {**fulfilled["fulfillments"][0], "shipment_status": "delivered"}
    ]
    assert _order(shopify.parse("orders/updated", delivered)).status == "delivered"

    refunded = {**data, "financial_status": "refunded"}
    order = _order(shopify.parse("orders/updated", refunded))
    assert (order.status, order.refunded_total) == ("refunded", Decimal("409.94"))

    cancelled = {**data, "cancelled_at": "2008-01-11T09:00:00-05:00"}
    order = _order(shopify.parse("orders/updated", cancelled))
    assert order.status == "cancelled"
    assert order.cancelled_at == datetime(2008, 1, 11, 14, 0, tzinfo=UTC)


def test_shopify_refund_names_its_order_and_amount(shared_data: Path) -> None:
    body = payloads.shopify(shared_data, "refund.json", "refund")
    refund = shopify.parse("refunds/create", load_json(body))
    assert isinstance(refund, RefundData)
    assert (refund.order_external_id, refund.amount, refund.currency) == (
        "450789469",
        Decimal("209.00"),
        "USD",
    )


def test_shopify_customer_has_email_phone_country_and_shop_id(
    shared_data: Path,
) -> None:
    body = payloads.shopify(shared_data, "customer.json", "customer")
    customer = _customer(shopify.parse("customers/create", load_json(body)))
    assert customer.identities.email == "bob.norman@hostmail.com"
    assert customer.identities.phone == "555-625-1199"
    assert customer.identities.country == "US"
    assert customer.identities.external_ids == ("shopify:207119551",)
    assert customer.profile.first_name == "Bob"


def test_shopify_newer_marketing_consent_object_wins(shared_data: Path) -> None:
    data = payloads.resource(shared_data, "shopify", "customer.json", "customer")
    data["email_marketing_consent"] = {"state": "subscribed"}
    customer = _customer(shopify.parse("customers/update", data))
    assert customer.profile.consent_marketing is True


def test_shopify_order_without_a_total_names_the_field(shared_data: Path) -> None:
    data = payloads.resource(shared_data, "shopify", "order.json", "order")
    del data["total_price"]
    with pytest.raises(PayloadError, match=r"order\.total_price"):
        shopify.parse("orders/create", data)


# ------------------------------------------------------------ WooCommerce


def test_woocommerce_created_order_is_paid_with_its_lines(shared_data: Path) -> None:
    body = payloads.woocommerce(shared_data, "order_created.json")
    order = _order(woocommerce.parse("order.created", load_json(body)))
    assert (order.external_id, order.number, order.status) == ("727", "727", "paid")
    assert (order.total, order.currency) == (Decimal("29.35"), "USD")
    assert order.placed_at == datetime(2017, 3, 22, 19, 28, 2, tzinfo=UTC)
    assert order.paid_at == datetime(2017, 3, 22, 19, 28, 8, tzinfo=UTC)
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines] == [
        ("", 2, Decimal("3")),
        ("Bar3", 1, Decimal("12")),
    ]
    # The REST API escapes product names; people read them unescaped.
    assert order.lines[1].name == "Ship Your Idea – Color: Black, Size: M Test"
    assert order.customer.email == "john.doe@example.com"
    assert order.customer.phone == "(555) 555-5555"
    assert order.customer.country == "US"
    # customer_id 0: a guest checkout has no shop account to name.
    assert order.customer.external_ids == ()


def test_woocommerce_completed_order_is_fulfilled(shared_data: Path) -> None:
    body = payloads.woocommerce(shared_data, "order_updated.json")
    order = _order(woocommerce.parse("order.updated", load_json(body)))
    assert order.status == "fulfilled"
    assert order.fulfilled_at == datetime(2017, 3, 22, 19, 30, 35, tzinfo=UTC)


def test_woocommerce_refunds_coupons_and_line_discounts(shared_data: Path) -> None:
    data = json.loads(payloads.woocommerce(shared_data, "order_created.json"))
    data["status"] = "refunded"
    data["refunds"] = [{"id": 726, "reason": "", "total": "-10.00"}]
    data["coupon_lines"] = [{"id": 1, "code": "spring10", "discount": "1.20"}]
    data["line_items"][1]["total"] = "10.80"
    order = _order(woocommerce.parse("order.updated", data))
    assert (order.status, order.refunded_total) == ("refunded", Decimal("10.00"))
    assert order.refunded_at == datetime(2017, 3, 22, 19, 28, 8, tzinfo=UTC)
    assert order.coupon_codes == ("spring10",)
    assert order.lines[1].discount == Decimal("1.20")


def test_woocommerce_customer_has_its_shop_id(shared_data: Path) -> None:
    body = payloads.woocommerce(shared_data, "customer_created.json")
    customer = _customer(woocommerce.parse("customer.created", load_json(body)))
    assert customer.identities.external_ids == ("woocommerce:25",)
    assert customer.identities.email == "john.doe@example.com"
    assert customer.identities.country == "US"
    assert (customer.profile.first_name, customer.profile.last_name) == (
        "John",
        "Doe",
    )


# ---------------------------------------------------------------- Magento


def test_magento_order_shows_increment_id_total_and_customer(
    shared_data: Path,
) -> None:
    body = payloads.magento(shared_data, "order_get_V1_orders_3.json")
    order = _order(magento.parse("orders", load_json(body)))
    assert (order.external_id, order.number, order.status) == (
        "3",
        "000000003",
        "placed",
    )
    assert (order.total, order.currency) == (Decimal("165"), "USD")
    assert order.placed_at == datetime(2017, 8, 21, 22, 22, 19, tzinfo=UTC)
    assert [(line.sku, line.name, line.quantity) for line in order.lines] == [
        ("WS12-M-Orange", "Radiant Tee-M-Orange", 1)
    ]
    assert order.lines[0].unit_price == Decimal("22")
    assert order.customer.email == "jdoe@example.com"
    assert order.customer.phone == "512-555-1111"
    assert order.customer.country == "US"
    assert order.customer.external_ids == ("magento:3",)
    assert order.profile.first_name == "Jane"


def test_magento_state_maps_and_discounts_are_positive(shared_data: Path) -> None:
    data = json.loads(payloads.magento(shared_data, "order_get_V1_orders_3.json"))
    data.update(
        state="complete",
        status="complete",
        discount_amount=-16,
        coupon_code="WELCOME",
    )
    order = _order(magento.parse("orders", {"order": data}))
    assert order.status == "fulfilled"
    assert order.fulfilled_at == datetime(2017, 8, 21, 22, 22, 20, tzinfo=UTC)
    assert (order.discount_total, order.coupon_codes) == (Decimal("16"), ("WELCOME",))
    data.update(state="canceled", status="canceled")
    assert _order(magento.parse("orders", data)).status == "cancelled"
    wrapped = {"eventName": "sales_order_save_after", "data": {"order": data}}
    assert _order(magento.parse("orders", wrapped)).number == "000000003"


def test_magento_delivery_id_is_entity_version_and_content(shared_data: Path) -> None:
    body = payloads.magento(shared_data, "order_get_V1_orders_3.json")
    payload = load_json(body)

    def delivery_id(data: dict[str, Any]) -> str:
        raw = json.dumps(data, default=str).encode()
        return magento.delivery_id(headers={}, payload=data, topic="orders", body=raw)

    found = delivery_id(payload)
    assert found.startswith("order:3:2017-08-21 22:22:20:")
    # The same state with its keys in another order is the same delivery...
    assert delivery_id(dict(reversed(list(payload.items())))) == found
    assert delivery_id({"order": payload}) == found
    # ...another state saved within the same second is not.
    assert delivery_id({**payload, "state": "processing"}) != found


def test_magento_customer_has_address_phone_and_country(shared_data: Path) -> None:
    body = payloads.magento(shared_data, "customer_created_V1_customers.json")
    customer = _customer(magento.parse("customers", load_json(body)))
    assert customer.identities.external_ids == ("magento:2",)
    assert customer.identities.email == "jdoe@example.com"
    assert customer.identities.phone == "512-555-1111"
    assert customer.identities.country == "US"


def test_magento_customer_birthday_and_newsletter(shared_data: Path) -> None:
    data = json.loads(
        payloads.magento(shared_data, "customer_created_V1_customers.json")
    )
    data["dob"] = "1990-04-17"
    data["extension_attributes"] = {"is_subscribed": True}
    customer = _customer(magento.parse("customers", data))
    assert customer.profile.birthday == date(1990, 4, 17)
    assert customer.profile.consent_marketing is True
