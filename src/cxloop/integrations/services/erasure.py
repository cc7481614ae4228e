"""A person's erasure reaches the raw shop deliveries that name them."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.inputs import OrderData
from cxloop.integrations.models import (
    Platform,
    WebhookDelivery,
)
from cxloop.integrations.platforms import ADAPTERS, magento, shopify, woocommerce
from cxloop.integrations.platforms.base import (
    CustomerDeleted,
    NotApplied,
    OrderDeleted,
    OrderReached,
    PayloadError,
    PrivacyRequest,
    RefundData,
    load_json,
)
from cxloop.integrations.services.common import (
    Status,
)

# ---------------------------------------------------------------- erasure

ERASED_BODY = "{}"
ERASED_NOTE = "Erased with the customer's personal data."
# A phone is spelt many ways in a body ("+372 5123 4567", "51234567"); its
# last digits are written together in nearly all of them, which is enough
# to pick the deliveries worth reading.
PHONE_TAIL = 4

# Which of a platform's topics carry an order's id as the delivery's object
# id, and which a shop customer's: a shop numbers its orders and its
# customers apart, so order 15 and customer 15 are two different people's.
# A refund's object id is the refund's own, never matched (its parsed body
# names the order).
ORDER_ID_TOPICS: dict[str, frozenset[str]] = {
    Platform.SHOPIFY: shopify.ORDER_TOPICS | shopify.FULFILLMENT_TOPICS,
    Platform.WOOCOMMERCE: woocommerce.ORDER_TOPICS | {"order.deleted"},
    Platform.MAGENTO: frozenset({magento.ORDERS}),
}
CUSTOMER_ID_TOPICS: dict[str, frozenset[str]] = {
    Platform.SHOPIFY: shopify.CUSTOMER_TOPICS
    | shopify.DELETED_TOPICS
    | shopify.CONSENT_TOPICS,
    Platform.WOOCOMMERCE: woocommerce.CUSTOMER_TOPICS | {"customer.deleted"},
    Platform.MAGENTO: frozenset({magento.CUSTOMERS}),
}


def _names_by_object_id(
    delivery: WebhookDelivery,
    *,
    orders: set[tuple[str, str]],
    shop_customers: set[tuple[str, str]],
) -> bool:
    key = (delivery.platform, delivery.object_id)
    if delivery.topic in ORDER_ID_TOPICS.get(delivery.platform, frozenset()):
        return key in orders
    if delivery.topic in CUSTOMER_ID_TOPICS.get(delivery.platform, frozenset()):
        return key in shop_customers
    return False


def _names_the_person(
    delivery: WebhookDelivery,
    *,
    identities: set[tuple[str, str]],
    orders: set[tuple[str, str]],
    shop_customers: set[tuple[str, str]],
    emails: list[str],
    region: str,
) -> bool:
    if _names_by_object_id(delivery, orders=orders, shop_customers=shop_customers):
        return True
    try:
        payload = load_json(delivery.body.encode("utf-8"))
        value = ADAPTERS[delivery.platform].parse(delivery.topic, payload)
    except PayloadError:
        # Unreadable (it may be why it failed): an e-mail in it is enough.
        body = delivery.body.casefold()
        return any(email in body for email in emails)
    if isinstance(value, RefundData):
        return (value.source, value.order_external_id) in orders
    if isinstance(value, OrderDeleted | OrderReached):
        return (value.source, value.external_id) in orders
    if isinstance(value, CustomerDeleted):
        return ("external", f"{value.source}:{value.external_id}") in identities
    if isinstance(value, NotApplied | PrivacyRequest):
        # A draft or a stale state: read for nothing, but it may carry them.
        body = delivery.body.casefold()
        return any(email in body for email in emails)
    signals = value.customer if isinstance(value, OrderData) else value.identities
    readings = customer_selectors.signals_read(signals=signals, region=region)
    if any(reading.key in identities for reading in readings if reading.ok):
        return True
    return isinstance(value, OrderData) and (value.source, value.external_id) in orders


@transaction.atomic
def delivery_erase_for_customer(
    workspace: Workspace,
    subject: customer_hooks.ErasureSubject,
    *,
    order_keys: Iterable[tuple[str, str]] = (),
) -> dict[str, int]:
    """Redact every stored delivery that names the person; return how many.

    A delivery names them when it is about one of their orders or shop
    customer ids, or carries one of their e-mails, phones or external ids
    (read as identity resolution reads them). Its body, error and note
    are emptied, its object id dropped; its delivery id stays, so a shop
    retrying it later is still answered as a duplicate rather than
    bringing the person back. One not yet applied is settled as ignored.
    Runs in the caller's transaction (the erasure's, or Shopify's
    `customers/redact` later).
    """
    identities = set(subject.identities)
    emails = [value.casefold() for kind, value in identities if kind == "email"]
    phones = [value for kind, value in identities if kind == "phone"]
    orders = customer_selectors.order_keys_of(
        workspace=workspace, customer_ids=subject.customer_ids
    )
    # An external id is the shop's customer id.
    shop_customers: set[tuple[str, str]] = set()
    for kind, value in identities:
        source, _, external = value.partition(":")
        if kind == "external" and external:
            shop_customers.add((source, external))
    orders |= set(order_keys)
    if not identities and not orders:
        return {"shop_deliveries": 0}
    maybe = Q(
        object_id__in=sorted(
            {external for _source, external in orders | shop_customers}
        )
    )
    for email in emails:
        maybe |= Q(body__icontains=email)
    for phone in phones:
        maybe |= Q(body__contains=phone[-PHONE_TAIL:])
    candidates = (
        WebhookDelivery.objects.of(workspace)
        .filter(maybe)
        # A body dropped after the retention period may still hold the
        # order's id: only a row with neither is done with.
        .exclude(body=ERASED_BODY, object_id="")
        .only("pk", "platform", "topic", "object_id", "body")
    )
    region = workspace.phone_region
    named = [
        delivery.pk
        for delivery in candidates.iterator(chunk_size=500)
        if _names_the_person(
            delivery,
            identities=identities,
            orders=orders,
            shop_customers=shop_customers,
            emails=emails,
            region=region,
        )
    ]
    deliveries = WebhookDelivery.objects.of(workspace).filter(pk__in=named)
    deliveries.filter(status__in=[Status.RECEIVED, Status.FAILED]).update(
        status=Status.IGNORED
    )
    erased = deliveries.update(
        body=ERASED_BODY, object_id="", error="", note=ERASED_NOTE
    )
    return {"shop_deliveries": erased}
