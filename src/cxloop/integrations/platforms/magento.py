"""Magento 2 (Adobe Commerce): order and customer entities of its REST API.

Open-source Magento sends no webhooks of its own: an extension, Adobe
Commerce Webhooks or a poller posts the entity as `GET /V1/orders/{id}`
returns it, with `Authorization: Bearer <secret>`. Adobe Commerce Webhooks'
observer hooks (`observer.customer_save_after`,
`observer.sales_order_save_after`) send the model's own data instead,
`{"eventName", "data": {"customer"|"order": {…}}}`: a customer is named by
`entity_id`, an order's addresses are a list (`addresses[]`, each with its
`address_type`). Nothing names the delivery, so the entity id, its
`updated_at` and a fingerprint of its content do (`delivery_id`): the same
state of an order sent twice is stored once, two states saved within one
second are two.
Times are UTC without a zone.
"""

import hmac
import json
from collections.abc import Mapping
from datetime import datetime
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

SOURCE = "magento"
ORDERS = "orders"
CUSTOMERS = "customers"
TOPICS = frozenset({ORDERS, CUSTOMERS})
# A body it cannot read is stored (ignored, with why) and answered 200: a
# required Adobe Commerce hook would otherwise fail the shop's own save.
KEEPS_UNREADABLE = True
ZERO = Decimal("0")

# Order states are fixed; statuses are shop-defined labels within a state.
STATES = {
    "new": base.PLACED,
    "pending_payment": base.PLACED,
    "payment_review": base.PLACED,
    "holded": base.PLACED,
    "processing": base.PAID,
    "complete": base.FULFILLED,
    "closed": base.REFUNDED,
    "canceled": base.CANCELLED,
}


def verify(*, body: bytes, headers: Headers, secret: str) -> bool:
    scheme, _, token = base.text(headers.get("authorization")).partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or not secret:
        return False
    return hmac.compare_digest(token.strip().encode(), secret.encode())


def topic(headers: Headers) -> str:
    """Magento names no topic: the URL does (`/orders`, `/customers`)."""
    return ""


# Where a wrapper keeps the entity: Magento's model events carry it under
# their event object's name and as `data_object`;
# `customer_save_after_data_object` carries the REST-shaped customer.
WRAPPERS = {
    ORDERS: ("order", "data_object"),
    CUSTOMERS: ("customer", "customer_data_object", "data_object"),
}


def entity(topic: str, payload: Payload) -> Payload:
    """The entity itself, also when a sender wraps it: `{"order": {…}}`, or
    `{"data": {"order": {…}}}` as Adobe Commerce Webhooks do."""
    for container in (payload, base.mapping(payload.get("data"))):
        for key in WRAPPERS.get(topic, ()):
            inner = container.get(key)
            if isinstance(inner, Mapping):
                return dict(inner)
    return payload


def _customer_id(found: Mapping[str, Any]) -> Any:
    # The REST entity says `id`; the observer's customer model `entity_id`.
    value = found.get("id")
    return found.get("entity_id") if value is None or value == "" else value


def object_id(payload: Payload, topic: str) -> str:
    found = entity(topic, payload)
    return base.text(found.get("entity_id") if topic == ORDERS else _customer_id(found))


def delivery_id(*, headers: Headers, payload: Payload, topic: str, body: bytes) -> str:
    """`order:{entity_id}:{updated_at}:{fingerprint}`, the same for one state.

    `updated_at` has whole seconds, and a checkout with online capture saves
    `new` then `processing` within one: the fingerprint of the entity's
    content tells the two apart. It is taken of the entity as JSON with
    sorted keys (numbers as floats), so the same state posted twice in the
    same shape is one delivery, and a REST-shaped webhook and the sync's
    copy of the same state (`services.magento_sync`) are one too. An
    observer-shaped webhook (`{"data": {"order": …}}`) carries other fields
    than the REST entity: the sync then stores that state a second time,
    which is applied again to the same result (the order's state is
    written, not added to).
    """
    found = entity(topic, payload)
    where = "order" if topic == ORDERS else "customer"
    if topic == ORDERS:
        identity = base.identifier(found.get("entity_id"), where="order.entity_id")
    else:
        identity = base.identifier(_customer_id(found), where="customer.id")
    version = base.text(found.get("updated_at")) or "-"
    return f"{where}:{identity}:{version}:{content_fingerprint(found)}"


def content_fingerprint(found: Payload) -> str:
    """A fingerprint of an entity that does not depend on its key order or on
    how a number was written (12.50 or 12.5)."""
    canonical = json.dumps(
        found, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=float
    )
    return base.body_fingerprint(canonical.encode("utf-8"))


def modified_at(payload: Payload, topic: str) -> datetime | None:
    """When the entity last changed in the shop, or None if it does not say."""
    try:
        return base.moment(entity(topic, payload).get("updated_at"), where="updated_at")
    except base.PayloadError:
        return None


def parse(topic: str, payload: Payload) -> Parsed:
    if topic == ORDERS:
        return order(entity(topic, payload))
    if topic == CUSTOMERS:
        return customer(entity(topic, payload))
    raise base.PayloadError(f"Unsupported topic {topic!r}.")


def _listed_address(payload: Payload, kind: str) -> Mapping[str, Any]:
    """The observer's order model lists its addresses, each with its type."""
    for address in base.items(payload.get("addresses")):
        if base.text(address.get("address_type")) == kind:
            return address
    return {}


def _billing_address(payload: Payload) -> Mapping[str, Any]:
    return base.mapping(payload.get("billing_address")) or _listed_address(
        payload, "billing"
    )


def _shipping_address(payload: Payload) -> Mapping[str, Any]:
    extension = base.mapping(payload.get("extension_attributes"))
    for assignment in base.items(extension.get("shipping_assignments")):
        address = base.mapping(base.mapping(assignment.get("shipping")).get("address"))
        if address:
            return address
    return _listed_address(payload, "shipping")


def _status(payload: Payload) -> str:
    label = base.text(payload.get("status"))
    if label == "delivered":
        return base.DELIVERED
    state = base.text(payload.get("state")) or label
    return STATES.get(state, base.PLACED)


def order(payload: Payload) -> OrderData:
    where = "order"
    billing = _billing_address(payload)
    shipping = _shipping_address(payload)
    status = _status(payload)
    updated = base.moment(payload.get("updated_at"), where=f"{where}.updated_at")
    customer_id = base.text(payload.get("customer_id"))
    is_guest = bool(base.flag(payload.get("customer_is_guest")))
    coupon = base.text(payload.get("coupon_code"))
    return OrderData(
        source=SOURCE,
        external_id=base.identifier(
            payload.get("entity_id"), where=f"{where}.entity_id"
        ),
        number=base.identifier(
            payload.get("increment_id"), where=f"{where}.increment_id"
        ),
        status=status,
        currency=base.currency(
            payload.get("order_currency_code"), where=f"{where}.order_currency_code"
        ),
        total=base.money(payload.get("grand_total"), where=f"{where}.grand_total"),
        placed_at=base.required_moment(
            payload.get("created_at"), where=f"{where}.created_at"
        ),
        customer=IdentitySignals(
            email=base.optional_text(
                payload.get("customer_email") or billing.get("email")
            ),
            phone=base.optional_text(
                billing.get("telephone") or shipping.get("telephone")
            ),
            external_ids=(f"{SOURCE}:{customer_id}",)
            if customer_id and not is_guest
            else (),
            country=base.country(billing.get("country_id"), shipping.get("country_id")),
        ),
        profile=ProfileData(
            first_name=base.optional_text(
                payload.get("customer_firstname") or billing.get("firstname")
            ),
            last_name=base.optional_text(
                payload.get("customer_lastname") or billing.get("lastname")
            ),
            birthday=base.day(payload.get("customer_dob")),
        ),
        # Magento writes discounts as negative amounts.
        discount_total=abs(
            base.money(
                payload.get("discount_amount"),
                where=f"{where}.discount_amount",
                default=ZERO,
            )
        ),
        refunded_total=base.money(
            payload.get("total_refunded"), where=f"{where}.total_refunded", default=ZERO
        ),
        coupon_codes=(coupon,) if coupon else (),
        # The entity keeps no time per state; the last change is when it
        # reached the one it is in.
        # Paid only from a report in that state: a later one (complete) would
        # move the time on, and a time once known is never moved back.
        paid_at=updated if status == base.PAID else None,
        fulfilled_at=updated if status in {base.FULFILLED, base.DELIVERED} else None,
        delivered_at=updated if status == base.DELIVERED else None,
        cancelled_at=updated if status == base.CANCELLED else None,
        refunded_at=updated if status == base.REFUNDED else None,
        lines=tuple(
            _line(item, index)
            for index, item in enumerate(base.items(payload.get("items")))
            # A configurable product is listed twice: the parent carries the
            # price, the child only names the chosen variant.
            if not item.get("parent_item_id")
        ),
    )


def _line(item: Mapping[str, Any], index: int) -> OrderLineData:
    where = f"order.items.{index}"
    return OrderLineData(
        sku=base.text(item.get("sku")),
        name=base.text(item.get("name")),
        quantity=base.quantity(item.get("qty_ordered"), where=f"{where}.qty_ordered"),
        unit_price=base.money(item.get("price"), where=f"{where}.price", default=ZERO),
        discount=abs(
            base.money(
                item.get("discount_amount"),
                where=f"{where}.discount_amount",
                default=ZERO,
            )
        ),
        external_id=base.text(item.get("item_id")),
    )


def _default_address(payload: Payload) -> Mapping[str, Any]:
    addresses = base.items(payload.get("addresses"))
    wanted = base.text(payload.get("default_billing"))
    for address in addresses:
        if (
            wanted
            and base.text(address.get("id") or address.get("entity_id")) == wanted
        ):
            return address
        if address.get("default_billing") is True:
            return address
    return addresses[0] if addresses else {}


def customer(payload: Payload) -> CustomerData:
    address = _default_address(payload)
    customer_id = base.identifier(_customer_id(payload), where="customer.id")
    extension = base.mapping(payload.get("extension_attributes"))
    return CustomerData(
        source=SOURCE,
        identities=IdentitySignals(
            email=base.optional_text(payload.get("email")),
            phone=base.optional_text(address.get("telephone")),
            external_ids=(f"{SOURCE}:{customer_id}",),
            country=base.country(address.get("country_id")),
        ),
        profile=ProfileData(
            first_name=base.optional_text(payload.get("firstname")),
            last_name=base.optional_text(payload.get("lastname")),
            birthday=base.day(payload.get("dob")),
            consent_marketing=base.flag(extension.get("is_subscribed")),
        ),
    )
