"""WooCommerce webhooks: signature check and order and customer payloads.

WooCommerce signs the body with the webhook's secret (base64 HMAC-SHA256 in
`X-WC-Webhook-Signature`), names the topic in `X-WC-Webhook-Topic` and sends
the resource exactly as its REST API returns it (v3): money as strings,
times in the shop's zone plus a `*_gmt` twin without zone; a `deleted` topic
sends only `{"id": …}`. When a webhook is made active, WooCommerce first posts
an unsigned form `webhook_id=<id>` (no topic, no signature); cxloop answers it
200 and stores nothing. Any other answer is shown as an error in the shop's
admin, but the webhook is saved all the same.

WooCommerce never retries a delivery that failed, and disables a webhook
after more than five failures in a row, so the REST API's order list
(`services.woocommerce_sync`) is what catches up on anything missed.
"""

import html
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

from cxloop.customers.inputs import (
    CustomerData,
    IdentitySignals,
    OrderData,
    OrderLineData,
    ProfileData,
)
from cxloop.integrations.platforms import base
from cxloop.integrations.platforms.base import Headers, Parsed, Payload

SOURCE = "woocommerce"
# order.restored is an order taken out of the trash: the whole order again.
ORDER_TOPICS = frozenset({"order.created", "order.updated", "order.restored"})
CUSTOMER_TOPICS = frozenset({"customer.created", "customer.updated"})
DELETED_TOPICS = frozenset({"order.deleted", "customer.deleted"})
TOPICS = ORDER_TOPICS | CUSTOMER_TOPICS | DELETED_TOPICS
ZERO = Decimal("0")
# The block checkout saves the cart as an order in this status while the
# shopper is still typing; it is nobody's order until it is placed.
DRAFT = "checkout-draft"

# Woo's own statuses; shops add more with plugins, read by their names.
STATUSES = {
    "pending": base.PLACED,
    "on-hold": base.PLACED,
    # A failed payment leaves the order open: the customer may pay again
    # from their account, and the order moves on to processing.
    "failed": base.PLACED,
    "processing": base.PAID,
    "completed": base.FULFILLED,
    "shipped": base.FULFILLED,
    "delivered": base.DELIVERED,
    "cancelled": base.CANCELLED,
    "refunded": base.REFUNDED,
}


def is_ping(*, body: bytes, headers: Headers) -> bool:
    """The unsigned `webhook_id=<id>` form WooCommerce posts when a webhook
    is saved; it carries no data, only asks whether the URL answers."""
    if headers.get("x-wc-webhook-topic") or len(body) > 100:
        return False
    try:
        form = parse_qs(body.decode("ascii"), strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        return False
    return list(form) == ["webhook_id"]


def verify(*, body: bytes, headers: Headers, secret: str) -> bool:
    return base.hmac_sha256_matches(
        body=body, secret=secret, signature=headers.get("x-wc-webhook-signature")
    )


def topic(headers: Headers) -> str:
    return base.text(headers.get("x-wc-webhook-topic"))


def delivery_id(*, headers: Headers, payload: Payload, topic: str, body: bytes) -> str:
    """What identifies the change a delivery reports, not the request.

    X-WC-Webhook-Delivery-ID is a hash of the webhook id and the current
    second, so every order one webhook sends within a second (a bulk status
    change, an Action Scheduler batch) carries the same one: it cannot tell
    deliveries apart. The key is the object, its last change and a hash of
    the exact body with the shop's address (two shops of one workspace may
    both have an order 727, and a deletion's body is only its id). A true
    re-delivery of the same body is the same key; any other change is not.
    """
    source = base.text(headers.get("x-wc-webhook-source"))
    fingerprint = base.body_fingerprint(source.encode("utf-8") + b"\n" + body)
    modified = base.text(payload.get("date_modified_gmt")) or "-"
    return f"{topic}:{object_id(payload, topic) or '-'}:{modified}:{fingerprint}"


def object_id(payload: Payload, topic: str) -> str:
    return base.text(payload.get("id"))


def modified_at(payload: Payload) -> datetime | None:
    """When the shop last changed the object (None for a deletion's body)."""
    return base.moment(payload.get("date_modified_gmt"), where="date_modified_gmt")


def parse(topic: str, payload: Payload) -> Parsed:
    if topic in ORDER_TOPICS:
        if base.text(payload.get("status")) == DRAFT:
            return base.NotApplied("a checkout draft, not placed yet")
        return order(payload)
    if topic in CUSTOMER_TOPICS:
        return customer(payload)
    if topic == "order.deleted":
        return base.OrderDeleted(
            source=SOURCE,
            external_id=base.identifier(payload.get("id"), where="order.id"),
        )
    if topic == "customer.deleted":
        return base.CustomerDeleted(
            source=SOURCE,
            external_id=base.identifier(payload.get("id"), where="customer.id"),
        )
    raise base.PayloadError(f"Unsupported topic {topic!r}.")


def _gmt(payload: Payload, key: str) -> Any:
    """The `*_gmt` twin of a time: the local one has no zone to read it in."""
    return base.moment(payload.get(f"{key}_gmt"), where=f"order.{key}_gmt")


def order(payload: Payload) -> OrderData:
    where = "order"
    billing = base.mapping(payload.get("billing"))
    shipping = base.mapping(payload.get("shipping"))
    status = STATUSES.get(base.text(payload.get("status")), base.PLACED)
    modified = _gmt(payload, "date_modified")
    customer_id = base.text(payload.get("customer_id"))
    placed_at = _gmt(payload, "date_created")
    if placed_at is None:
        raise base.PayloadError(f"{where}.date_created_gmt is missing.")
    return OrderData(
        source=SOURCE,
        external_id=base.identifier(payload.get("id"), where=f"{where}.id"),
        number=base.text(payload.get("number")) or base.text(payload.get("id")),
        status=status,
        currency=base.currency(payload.get("currency"), where=f"{where}.currency"),
        total=base.money(payload.get("total"), where=f"{where}.total"),
        placed_at=placed_at,
        customer=IdentitySignals(
            email=base.optional_text(billing.get("email")),
            phone=base.optional_text(billing.get("phone") or shipping.get("phone")),
            # customer_id 0 is a guest checkout: no account to name.
            external_ids=(f"{SOURCE}:{customer_id}",)
            if customer_id not in {"", "0"}
            else (),
            country=base.country(billing.get("country"), shipping.get("country")),
        ),
        profile=ProfileData(
            first_name=base.optional_text(billing.get("first_name")),
            last_name=base.optional_text(billing.get("last_name")),
        ),
        channel="store" if payload.get("created_via") == "pos" else "web",
        discount_total=base.money(
            payload.get("discount_total"), where=f"{where}.discount_total", default=ZERO
        ),
        refunded_total=_refunded_total(payload),
        coupon_codes=tuple(
            base.text(line.get("code"))
            for line in base.items(payload.get("coupon_lines"))
            if base.text(line.get("code"))
        ),
        paid_at=_gmt(payload, "date_paid"),
        fulfilled_at=_gmt(payload, "date_completed"),
        # Woo records no time for these; the last change is when it happened.
        cancelled_at=modified if status == base.CANCELLED else None,
        refunded_at=modified if status == base.REFUNDED else None,
        lines=tuple(
            _line(item, index)
            for index, item in enumerate(base.items(payload.get("line_items")))
        ),
    )


def _refunded_total(payload: Payload) -> Decimal:
    # Refunds are listed with negative totals ("-10.00").
    return sum(
        (
            abs(base.money(item.get("total"), where="order.refunds.total"))
            for item in base.items(payload.get("refunds"))
        ),
        ZERO,
    )


def _line(item: Mapping[str, Any], index: int) -> OrderLineData:
    where = f"order.line_items.{index}"
    # subtotal is before coupons, total after: the difference is the discount.
    subtotal = base.money(item.get("subtotal"), where=f"{where}.subtotal", default=ZERO)
    total = base.money(item.get("total"), where=f"{where}.total", default=subtotal)
    quantity = base.quantity(item.get("quantity"), where=f"{where}.quantity")
    price = item.get("price")
    unit_price = (
        base.money(price, where=f"{where}.price")
        if price not in (None, "")
        else (subtotal / quantity if quantity else ZERO)
    )
    return OrderLineData(
        sku=base.text(item.get("sku")),
        # The REST API returns product names HTML-escaped ("&ndash;").
        name=html.unescape(base.text(item.get("name"))),
        quantity=quantity,
        unit_price=unit_price,
        discount=max(subtotal - total, ZERO),
        external_id=base.text(item.get("id")),
    )


def customer(payload: Payload) -> CustomerData:
    billing = base.mapping(payload.get("billing"))
    shipping = base.mapping(payload.get("shipping"))
    customer_id = base.identifier(payload.get("id"), where="customer.id")
    return CustomerData(
        source=SOURCE,
        identities=IdentitySignals(
            email=base.optional_text(payload.get("email") or billing.get("email")),
            phone=base.optional_text(billing.get("phone") or shipping.get("phone")),
            external_ids=(f"{SOURCE}:{customer_id}",),
            country=base.country(billing.get("country"), shipping.get("country")),
        ),
        profile=ProfileData(
            first_name=base.optional_text(
                payload.get("first_name") or billing.get("first_name")
            ),
            last_name=base.optional_text(
                payload.get("last_name") or billing.get("last_name")
            ),
        ),
    )
