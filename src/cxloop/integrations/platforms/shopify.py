"""Shopify webhooks: HMAC check and every topic cxloop reads.

Shopify signs the raw body with the app's client secret (base64 HMAC-SHA256
in `X-Shopify-Hmac-Sha256`), names the topic in `X-Shopify-Topic`, the shop
in `X-Shopify-Shop-Domain` and the event in `X-Shopify-Event-Id`, and
repeats `X-Shopify-Webhook-Id` on every retry of one delivery. A retry
carries the payload as it was when the event was triggered
(`X-Shopify-Triggered-At`), up to 8 times over 4 hours, so it can be older
than a state already applied. A webhook body is the bare resource of the
Admin REST API (the order, not `{"order": …}`); the consent and privacy
topics have small bodies of their own.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
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
ORDER_TOPICS = frozenset(
    {
        "orders/create",
        "orders/updated",
        "orders/fulfilled",
        "orders/paid",
        "orders/cancelled",
    }
)
CUSTOMER_TOPICS = frozenset({"customers/create", "customers/update"})
# Since API version 2025-01 customer payloads carry no consent; it comes
# with these topics instead. Shopify's topic names (X-Shopify-Topic,
# GraphQL CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE and
# CUSTOMERS_MARKETING_CONSENT_UPDATE, the SMS one) are the first two; the
# changelog's spelling is accepted too.
CONSENT_KINDS = {
    "customers_email_marketing_consent/update": "email",
    "customers_marketing_consent/update": "sms",
    "customers/email_marketing_consent_update": "email",
    "customers/sms_marketing_consent_update": "sms",
}
CONSENT_TOPICS = frozenset(CONSENT_KINDS)
REFUND_TOPICS = frozenset({"refunds/create"})
FULFILLMENT_TOPICS = frozenset({"fulfillment_events/create", "fulfillments/update"})
DELETED_TOPICS = frozenset({"customers/delete"})
# The mandatory compliance webhooks of every app.
PRIVACY_TOPICS = frozenset(
    {"customers/redact", "customers/data_request", "shop/redact"}
)
TOPICS = (
    ORDER_TOPICS
    | CUSTOMER_TOPICS
    | CONSENT_TOPICS
    | REFUND_TOPICS
    | FULFILLMENT_TOPICS
    | DELETED_TOPICS
    | PRIVACY_TOPICS
)
PRIVACY_KINDS = {
    "customers/redact": "customer_redact",
    "customers/data_request": "data_request",
    "shop/redact": "shop_redact",
}
# Consent states that say yes or no; pending, invalid and redacted say
# neither and leave the stored consent as it is.
CONSENT_STATES = {"subscribed": True, "unsubscribed": False, "not_subscribed": False}
SMS_CONSENT_ATTRIBUTE = "shopify_sms_marketing_consent"
ZERO = Decimal("0")


@dataclass(frozen=True)
class DeliveryHeaders:
    """What Shopify says of a delivery beyond its body."""

    event_id: str
    shop_domain: str
    api_version: str
    triggered_at: datetime | None


def verify(*, body: bytes, headers: Headers, secret: str) -> bool:
    return base.hmac_sha256_matches(
        body=body, secret=secret, signature=headers.get("x-shopify-hmac-sha256")
    )


def topic(headers: Headers) -> str:
    return base.text(headers.get("x-shopify-topic"))


def delivery_headers(headers: Headers) -> DeliveryHeaders:
    # The header is not covered by the signature: anything may be in it. A
    # time it cannot read, or one outside what a datetime holds once in UTC
    # (0001-01-01T00:00:00+15:00), only loses the staleness hint.
    try:
        triggered = base.moment(
            headers.get("x-shopify-triggered-at"), where="X-Shopify-Triggered-At"
        )
        triggered = triggered.astimezone(UTC) if triggered else None
    except (base.PayloadError, OverflowError, ValueError):
        triggered = None
    return DeliveryHeaders(
        event_id=base.text(headers.get("x-shopify-event-id")),
        shop_domain=shop_domain(headers.get("x-shopify-shop-domain")),
        api_version=base.text(headers.get("x-shopify-api-version")),
        triggered_at=triggered,
    )


def shop_domain(value: Any) -> str:
    """A shop's myshopify.com domain as Shopify writes it in its headers.

    A connection may name the shop by handle ("my-shop") or with its
    address ("https://my-shop.myshopify.com/"); both read as
    "my-shop.myshopify.com".
    """
    domain = base.text(value).lower().removeprefix("https://").removeprefix("http://")
    domain = domain.split("/", 1)[0]
    if domain and "." not in domain:
        domain = f"{domain}.myshopify.com"
    return domain


def delivery_id(*, headers: Headers, payload: Payload, topic: str, body: bytes) -> str:
    # X-Shopify-Event-Id is Shopify's documented duplicate key: one event is
    # delivered once per subscription, each retry with its own webhook id
    # but the same event id. It is kept per topic, so one event reported
    # under two topics is not taken for a duplicate. Without it (an older
    # API version), the webhook id; without either (a hand-made test
    # request) the body itself, so resending the same bytes is a duplicate.
    event = base.text(headers.get("x-shopify-event-id"))
    if event:
        return f"event:{event}:{topic}"
    given = base.text(headers.get("x-shopify-webhook-id"))
    return given or f"{topic}:{base.body_fingerprint(body)}"


def object_id(payload: Payload, topic: str) -> str:
    if topic in CONSENT_TOPICS:
        return base.text(payload.get("customer_id"))
    if topic == "fulfillment_events/create" or topic == "fulfillments/update":
        return base.text(payload.get("order_id"))
    if topic in PRIVACY_TOPICS:
        return ""  # the body is emptied once handled; the id would outlive it
    return base.text(payload.get("id"))


@dataclass(frozen=True)
class ObjectState:
    """Which object a delivery reports and as of when, for staleness."""

    resource: str
    modified_at: datetime | None
    deleted: bool = False


def object_state(
    topic: str, payload: Payload, triggered_at: datetime | None
) -> ObjectState | None:
    """The object a delivery changes and the shop's time of the change.

    Orders and customers carry `updated_at`; consent has its own
    `consent_updated_at` and is compared only with consent. Without a time
    in the body, `X-Shopify-Triggered-At` stands in. Fulfillment reports
    only move an order forward, and privacy requests always apply: None.
    """
    if topic in ORDER_TOPICS:
        resource = "orders"
    elif topic in CUSTOMER_TOPICS or topic in DELETED_TOPICS:
        resource = "customers"
    elif topic in CONSENT_TOPICS:
        kind = CONSENT_KINDS[topic]
        consent = base.mapping(payload.get(f"{kind}_marketing_consent"))
        return ObjectState(
            resource=f"{kind}_consent",
            modified_at=base.moment(
                consent.get("consent_updated_at"), where="consent_updated_at"
            )
            or triggered_at,
        )
    else:
        return None
    return ObjectState(
        resource=resource,
        modified_at=base.moment(payload.get("updated_at"), where="updated_at")
        or triggered_at,
        deleted=topic in DELETED_TOPICS,
    )


def parse(topic: str, payload: Payload) -> Parsed:
    if payload.get("test") is True:
        # "Send test notification" posts a sample with "test": true; it is
        # nobody's order and must not count anywhere.
        return base.NotApplied("a test notification from Shopify", test=True)
    if topic in ORDER_TOPICS:
        return order(payload, fulfilled=topic == "orders/fulfilled")
    if topic in CUSTOMER_TOPICS:
        return customer(payload)
    if topic in CONSENT_TOPICS:
        return consent(topic, payload)
    if topic in REFUND_TOPICS:
        return refund(payload)
    if topic in FULFILLMENT_TOPICS:
        return fulfillment(topic, payload)
    if topic in DELETED_TOPICS:
        return base.CustomerDeleted(
            source=SOURCE,
            external_id=base.identifier(payload.get("id"), where="customer.id"),
        )
    if topic in PRIVACY_TOPICS:
        return privacy(topic, payload)
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


def consent(topic: str, payload: Payload) -> CustomerData | base.NotApplied:
    """`customers_email_marketing_consent/update` or its SMS twin.

    The body is `{"customer_id", "email_address", "email_marketing_consent":
    {"state", "opt_in_level", "consent_updated_at", "consent_collected_from"}}`
    (SMS: `phone_number`, `sms_marketing_consent`). E-mail consent is the
    profile's marketing consent; SMS consent, which the profile has no field
    for, is kept as an attribute with Shopify's state.
    """
    customer_id = base.identifier(payload.get("customer_id"), where="customer_id")
    sms = CONSENT_KINDS[topic] == "sms"
    key = "sms_marketing_consent" if sms else "email_marketing_consent"
    state = base.text(base.mapping(payload.get(key)).get("state")).lower()
    if not state:
        return base.NotApplied(f"{key}.state is missing")
    identities = IdentitySignals(
        email=None if sms else base.optional_text(payload.get("email_address")),
        phone=base.optional_text(payload.get("phone_number")) if sms else None,
        external_ids=(f"{SOURCE}:{customer_id}",),
    )
    if sms:
        profile = ProfileData(attributes={SMS_CONSENT_ATTRIBUTE: state})
    elif state in CONSENT_STATES:
        profile = ProfileData(consent_marketing=CONSENT_STATES[state])
    else:
        return base.NotApplied(f"e-mail consent {state!r} says neither yes nor no")
    return CustomerData(source=SOURCE, identities=identities, profile=profile)


# ------------------------------------------------------------ fulfillments


def fulfillment(topic: str, payload: Payload) -> base.OrderReached | base.NotApplied:
    """Delivered (or shipped) from a fulfillment event or a fulfillment.

    `fulfillment_events/create` is a carrier's tracking event (`status`
    "delivered", `happened_at`); `fulfillments/update` is the fulfillment
    whose `shipment_status` becomes "delivered". Any other stage is read
    and left: the order's own updates carry it.
    """
    order_id = base.identifier(payload.get("order_id"), where="fulfillment.order_id")
    if topic == "fulfillment_events/create":
        delivered = base.text(payload.get("status")) == "delivered"
        at = payload.get("happened_at") or payload.get("created_at")
    else:
        delivered = base.text(payload.get("shipment_status")) == "delivered"
        at = payload.get("updated_at")
    if not delivered:
        return base.NotApplied("not delivered yet")
    return base.OrderReached(
        source=SOURCE,
        external_id=order_id,
        status=base.DELIVERED,
        at=base.required_moment(at, where="fulfillment.updated_at"),
    )


# ----------------------------------------------------------------- privacy


def privacy(topic: str, payload: Payload) -> base.PrivacyRequest:
    """`customers/redact`, `customers/data_request` and `shop/redact`.

    The person's bodies are `{"shop_id", "shop_domain", "customer": {"id",
    "email", "phone"}, "orders_to_redact" | "orders_requested": [ids]}`
    (a data request also has `data_request.id`); the shop's is
    `{"shop_id", "shop_domain"}`.
    """
    person = base.mapping(payload.get("customer"))
    orders = payload.get("orders_to_redact") or payload.get("orders_requested")
    kind = PRIVACY_KINDS[topic]
    if kind != "shop_redact" and not (
        person.get("id") or person.get("email") or person.get("phone")
    ):
        raise base.PayloadError("customer.id is missing.")
    return base.PrivacyRequest(
        source=SOURCE,
        kind=kind,
        shop_domain=shop_domain(payload.get("shop_domain")),
        customer_external_id=base.text(person.get("id")),
        email=base.optional_text(person.get("email")),
        phone=base.optional_text(person.get("phone")),
        order_ids=tuple(
            base.text(order_id)
            for order_id in (orders if isinstance(orders, list) else [])
            if base.text(order_id)
        ),
    )
