"""Shopify webhooks: HMAC check and order, refund and customer payloads.

Shopify signs the raw body with the app's client secret (base64 HMAC-SHA256
in `X-Shopify-Hmac-Sha256`), names the topic in `X-Shopify-Topic` and repeats
`X-Shopify-Webhook-Id` on every retry of one delivery. A webhook body is the
bare resource of the Admin REST API (the order, not `{"order": …}`).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cxloop.customers.inputs import (
    CustomerData,
    IdentitySignals,
    OrderData,
    OrderLineData,
    ProfileData,
)
from cxloop.integrations.platforms import base
from cxloop.integrations.platforms.base import Headers, Parsed, Payload

SOURCE = "shopify"
ORDER_TOPICS = frozenset({"orders/create", "orders/updated", "orders/fulfilled"})
CUSTOMER_TOPICS = frozenset({"customers/create", "customers/update"})
REFUND_TOPICS = frozenset({"refunds/create"})
TOPICS = ORDER_TOPICS | CUSTOMER_TOPICS | REFUND_TOPICS
ZERO = Decimal("0")


def verify(*, body: bytes, headers: Headers, secret: str) -> bool:
    return base.hmac_sha256_matches(
        body=body, secret=secret, signature=headers.get("x-shopify-hmac-sha256")
    )


def topic(headers: Headers) -> str:
    return base.text(headers.get("x-shopify-topic"))


def delivery_id(*, headers: Headers, payload: Payload, topic: str, body: bytes) -> str:
    # Without the header (a hand-made test request) the body itself is the
    # identity, so resending the same bytes is still a duplicate.
    given = base.text(headers.get("x-shopify-webhook-id"))
    return given or f"{topic}:{base.body_fingerprint(body)}"


def object_id(payload: Payload, topic: str) -> str:
    return base.text(payload.get("id"))


def parse(topic: str, payload: Payload) -> Parsed:
    if topic in ORDER_TOPICS:
        return order(payload, fulfilled=topic == "orders/fulfilled")
    if topic in CUSTOMER_TOPICS:
        return customer(payload)
    if topic in REFUND_TOPICS:
        return refund(payload)
    raise base.PayloadError(f"Unsupported topic {topic!r}.")


# ------------------------------------------------------------------ orders


def order(payload: Payload, *, fulfilled: bool = False) -> OrderData:
    where = "order"
    buyer = base.mapping(payload.get("customer"))
    billing = base.mapping(payload.get("billing_address"))
    shipping = base.mapping(payload.get("shipping_address"))
    total = base.money(payload.get("total_price"), where=f"{where}.total_price")
    refunds = base.items(payload.get("refunds"))
    refunded_total = _refunded_total(refunds)
    status = _status(payload, fulfilled=fulfilled)
    if status == base.REFUNDED and not refunded_total:
        refunded_total = total
    return OrderData(
        source=SOURCE,
        external_id=base.identifier(payload.get("id"), where=f"{where}.id"),
        number=base.text(payload.get("name")) or base.text(payload.get("order_number")),
        status=status,
        currency=base.currency(payload.get("currency"), where=f"{where}.currency"),
        total=total,
        placed_at=base.required_moment(
            payload.get("processed_at") or payload.get("created_at"),
            where=f"{where}.created_at",
        ),
        customer=IdentitySignals(
            email=base.optional_text(
                payload.get("email")
                or payload.get("contact_email")
                or buyer.get("email")
            ),
            phone=base.optional_text(
                payload.get("phone")
                or buyer.get("phone")
                or billing.get("phone")
                or shipping.get("phone")
            ),
            external_ids=_external_ids(buyer),
            country=base.country(
                billing.get("country_code"),
                shipping.get("country_code"),
                base.mapping(buyer.get("default_address")).get("country_code"),
            ),
        ),
        profile=ProfileData(
            first_name=base.optional_text(
                buyer.get("first_name") or billing.get("first_name")
            ),
            last_name=base.optional_text(
                buyer.get("last_name") or billing.get("last_name")
            ),
            locale=base.optional_text(payload.get("customer_locale")),
            consent_marketing=_consent(buyer, payload.get("buyer_accepts_marketing")),
        ),
        channel="store" if payload.get("source_name") == "pos" else "web",
        discount_total=base.money(
            payload.get("total_discounts"),
            where=f"{where}.total_discounts",
            default=ZERO,
        ),
        refunded_total=refunded_total,
        coupon_codes=tuple(
            base.text(code.get("code"))
            for code in base.items(payload.get("discount_codes"))
            if base.text(code.get("code"))
        ),
        fulfilled_at=_fulfilled_at(payload) if status_reached(status) else None,
        delivered_at=_delivered_at(payload),
        cancelled_at=base.moment(
            payload.get("cancelled_at"), where=f"{where}.cancelled_at"
        ),
        refunded_at=_refunded_at(payload, refunds, status),
        lines=tuple(
            _line(item, index)
            for index, item in enumerate(base.items(payload.get("line_items")))
        ),
    )


def status_reached(status: str) -> bool:
    return status in {base.FULFILLED, base.DELIVERED}


def _status(payload: Payload, *, fulfilled: bool) -> str:
    financial = base.text(payload.get("financial_status"))
    fulfillment = base.text(payload.get("fulfillment_status"))
    if payload.get("cancelled_at") or financial == "voided":
        return base.CANCELLED
    if financial == "refunded":
        return base.REFUNDED
    if _delivered_at(payload) is not None:
        return base.DELIVERED
    # orders/fulfilled is sent when the last item ships; trust the topic even
    # if an older API version leaves fulfillment_status empty.
    if fulfillment == "fulfilled" or fulfilled:
        return base.FULFILLED
    # A partial refund leaves the order paid; its amount is in refunded_total.
    if financial in {"paid", "partially_refunded"}:
        return base.PAID
    return base.PLACED  # pending, authorized, partially_paid, expired…


def _successful_fulfillments(payload: Payload) -> list[Mapping[str, Any]]:
    return [
        item
        for item in base.items(payload.get("fulfillments"))
        if base.text(item.get("status")) == "success"
    ]


def _fulfilled_at(payload: Payload) -> Any:
    found = [
        base.moment(item.get("created_at"), where="order.fulfillments.created_at")
        for item in _successful_fulfillments(payload)
    ]
    return base.latest(*found) or base.moment(
        payload.get("updated_at"), where="order.updated_at"
    )


def _delivered_at(payload: Payload) -> Any:
    found = [
        base.moment(item.get("updated_at"), where="order.fulfillments.updated_at")
        for item in _successful_fulfillments(payload)
        if base.text(item.get("shipment_status")) == "delivered"
    ]
    return base.latest(*found)


def _refund_amount(refund: Mapping[str, Any]) -> Decimal:
    return sum(
        (
            base.money(item.get("amount"), where="refund.transactions.amount")
            for item in base.items(refund.get("transactions"))
            if base.text(item.get("kind")) == "refund"
            and base.text(item.get("status")) in {"success", ""}
        ),
        ZERO,
    )


def _refunded_total(refunds: list[Mapping[str, Any]]) -> Decimal:
    return sum((_refund_amount(refund) for refund in refunds), ZERO)


def _refunded_at(
    payload: Payload, refunds: list[Mapping[str, Any]], status: str
) -> Any:
    found = base.latest(
        *(
            base.moment(item.get("created_at"), where="order.refunds.created_at")
            for item in refunds
        )
    )
    if found is None and status == base.REFUNDED:
        return base.moment(payload.get("updated_at"), where="order.updated_at")
    return found


def _line(item: Mapping[str, Any], index: int) -> OrderLineData:
    where = f"order.line_items.{index}"
    allocations = base.items(item.get("discount_allocations"))
    if allocations:
        discount = sum(
            (
                base.money(a.get("amount"), where=f"{where}.discount_allocations")
                for a in allocations
            ),
            ZERO,
        )
    else:
        discount = base.money(
            item.get("total_discount"), where=f"{where}.total_discount", default=ZERO
        )
    return OrderLineData(
        sku=base.text(item.get("sku")),
        name=base.text(item.get("name")) or base.text(item.get("title")),
        quantity=base.quantity(item.get("quantity"), where=f"{where}.quantity"),
        unit_price=base.money(item.get("price"), where=f"{where}.price"),
        category=base.text(item.get("product_type")),
        discount=discount,
        external_id=base.text(item.get("id")),
    )


# ----------------------------------------------------------------- refunds


def refund(payload: Payload) -> base.RefundData:
    transactions = base.items(payload.get("transactions"))
    return base.RefundData(
        source=SOURCE,
        external_id=base.identifier(payload.get("id"), where="refund.id"),
        order_external_id=base.identifier(
            payload.get("order_id"), where="refund.order_id"
        ),
        amount=_refund_amount(payload),
        currency=base.text(transactions[0].get("currency")).upper()
        if transactions
        else "",
        refunded_at=base.required_moment(
            payload.get("processed_at") or payload.get("created_at"),
            where="refund.created_at",
        ),
    )


# --------------------------------------------------------------- customers


def customer(payload: Payload) -> CustomerData:
    address = base.mapping(payload.get("default_address"))
    addresses = base.items(payload.get("addresses"))
    first_address = addresses[0] if addresses else {}
    base.identifier(payload.get("id"), where="customer.id")
    return CustomerData(
        source=SOURCE,
        identities=IdentitySignals(
            email=base.optional_text(payload.get("email")),
            phone=base.optional_text(
                payload.get("phone")
                or address.get("phone")
                or first_address.get("phone")
            ),
            external_ids=_external_ids(payload),
            country=base.country(
                address.get("country_code"), first_address.get("country_code")
            ),
        ),
        profile=ProfileData(
            first_name=base.optional_text(payload.get("first_name")),
            last_name=base.optional_text(payload.get("last_name")),
            locale=base.optional_text(payload.get("locale")),
            consent_marketing=_consent(payload, None),
        ),
    )


def _external_ids(buyer: Mapping[str, Any]) -> tuple[str, ...]:
    buyer_id = base.text(buyer.get("id"))
    return (f"{SOURCE}:{buyer_id}",) if buyer_id else ()


def _consent(buyer: Mapping[str, Any], order_flag: Any) -> bool | None:
    # Newer API versions replace accepts_marketing with a consent object.
    consent = base.mapping(buyer.get("email_marketing_consent"))
    if consent.get("state"):
        return base.text(consent.get("state")) == "subscribed"
    found = base.flag(buyer.get("accepts_marketing"))
    return found if found is not None else base.flag(order_flag)
