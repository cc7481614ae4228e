"""A person's erasure reaches the raw shop deliveries that name them."""

from django.db import transaction
from django.db.models import Q

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.inputs import OrderData
from cxloop.customers.models import Order
from cxloop.integrations.models import (
    WebhookDelivery,
)
from cxloop.integrations.platforms import ADAPTERS
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


def _names_the_person(
    delivery: WebhookDelivery,
    *,
    identities: set[tuple[str, str]],
    objects: set[tuple[str, str]],
    emails: list[str],
    region: str,
) -> bool:
    if (delivery.platform, delivery.object_id) in objects:
        return True
    try:
        payload = load_json(delivery.body.encode("utf-8"))
        value = ADAPTERS[delivery.platform].parse(delivery.topic, payload)
    except PayloadError:
        # Unreadable (it may be why it failed): an e-mail in it is enough.
        body = delivery.body.casefold()
        return any(email in body for email in emails)
    if isinstance(value, RefundData):
        return (value.source, value.order_external_id) in objects
    if isinstance(value, OrderDeleted | OrderReached):
        return (value.source, value.external_id) in objects
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
    return isinstance(value, OrderData) and (value.source, value.external_id) in objects


@transaction.atomic
def delivery_erase_for_customer(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
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
    objects = {
        (source, external)
        for source, external in Order.objects.of(workspace)
        .filter(customer_id__in=list(subject.customer_ids))
        .values_list("source", "external_id")
    }
    for kind, value in identities:
        source, _, external = value.partition(":")
        if kind == "external" and external:
            objects.add((source, external))
    if not identities and not objects:
        return {"shop_deliveries": 0}
    maybe = Q(object_id__in=[external for _source, external in objects])
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
            objects=objects,
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
