"""Shop connections, and the path of a delivery: received, stored, applied.

A delivery is verified, stored verbatim and answered; a worker task then
parses it and hands the values to the customers app. Storing first means a
shop never waits on identity resolution (Shopify gives up after 5 seconds),
a failing apply never makes a shop disable its webhook, and nothing accepted
is lost: a failed delivery is retried with backoff and can be redelivered.
"""

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import selectors as customer_selectors
from cxloop.customers import services as customers
from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.customers.models import Order
from cxloop.errors import Conflict, DomainError, InvalidInput, NotFound
from cxloop.integrations import selectors, tasks
from cxloop.integrations.models import Platform, ShopConnection, WebhookDelivery
from cxloop.integrations.platforms import ADAPTERS, woocommerce
from cxloop.integrations.platforms.base import (
    Parsed,
    PayloadError,
    RefundData,
    load_json,
)

MIN_SECRET_LENGTH = 12
GENERATED_SECRET_BYTES = 32
ERROR_LENGTH = 2000
# A task is enqueued when a delivery is stored; one still waiting after this
# long was lost (a worker or Redis restarted) and is enqueued again.
LOST_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 6
LAST_DELIVERY_RESOLUTION = timedelta(minutes=1)
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
RETRY_BATCH = 200

Status = WebhookDelivery.Status
Outcome = Literal["accepted", "duplicate", "ignored", "ping"]


class SignatureInvalid(DomainError):
    """No active connection's secret verifies the delivery."""

    status = 401


class BodyTooLarge(DomainError):
    status = 413


# ------------------------------------------------------------- connections

SHOP_HOST = re.compile(
    r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*(:[0-9]{1,5})?$",
    re.IGNORECASE,
)


def _check_shop(shop: str) -> None:
    """A shop is named by its host: `pood.ee`, `localhost:8080` while testing.

    The value is shown in the dashboard and compared with what a platform
    sends, so a URL, a sentence or markup is refused rather than stored.
    """
    try:
        host = shop.encode("idna").decode("ascii")  # ääkkönen.fi is a host
    except UnicodeError:
        host = ""
    if len(host) > 253 or not SHOP_HOST.match(host):
        raise InvalidInput(
            _("Enter the shop's domain, e.g. my-shop.myshopify.com."), field="shop"
        )


@dataclass(frozen=True)
class ConnectionCreated:
    connection: ShopConnection
    # The secret in clear, returned this once; None when the caller chose it.
    generated_secret: str | None


@transaction.atomic
def connection_create(
    *, workspace: Workspace, platform: str, secret: str = "", shop: str = ""
) -> ConnectionCreated:
    """Allow a shop to deliver to the workspace.

    Shopify signs with the app's client secret, which only Shopify issues;
    for WooCommerce and Magento the secret is ours to choose, so one is made
    when none is given.
    """
    if platform not in Platform.values:
        raise InvalidInput(_("Unknown platform."), field="platform")
    shop = shop.strip()
    if shop:
        _check_shop(shop)
    secret = secret.strip()
    generated = None
    if not secret:
        if platform == Platform.SHOPIFY:
            raise InvalidInput(
                _("Paste the client secret of your Shopify app."), field="secret"
            )
        secret = generated = secrets.token_urlsafe(GENERATED_SECRET_BYTES)
    if len(secret) < MIN_SECRET_LENGTH:
        raise InvalidInput(
            _("The secret must be at least %(n)d characters long.")
            % {"n": MIN_SECRET_LENGTH},
            field="secret",
        )
    connections = ShopConnection.objects.of(workspace)
    if connections.filter(platform=platform, secret=secret).exists():
        raise Conflict(
            _("This workspace already has a connection with this secret."),
            field="secret",
        )
    connection = ShopConnection(
        workspace=workspace, platform=platform, secret=secret, shop=shop.strip()
    )
    try:
        connection.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(f"{field}: {messages[0]}", field=field) from error
    connection.save()
    return ConnectionCreated(connection=connection, generated_secret=generated)


@transaction.atomic
def connection_set_active(
    *, connection: ShopConnection, active: bool
) -> ShopConnection:
    connection.active = active
    connection.save(update_fields=["active"])
    return connection


# ---------------------------------------------------------------- receive


@dataclass(frozen=True)
class Receipt:
    outcome: Outcome
    delivery: WebhookDelivery | None = None


def _no_connection() -> NotFound:
    # An unknown workspace and a workspace without this shop look the same,
    # so the URL tells a stranger nothing about which workspaces exist.
    return NotFound(_("No shop connection at this address."))


def _verified_connection(
    connections: list[ShopConnection],
    *,
    platform: str,
    headers: Mapping[str, str],
    body: bytes,
) -> ShopConnection:
    adapter = ADAPTERS[platform]
    for connection in connections:
        if adapter.verify(body=body, headers=headers, secret=connection.secret):
            return connection
    raise SignatureInvalid(
        _("The delivery's signature does not match this shop connection's secret.")
    )


def _touch(connection: ShopConnection, now: datetime) -> None:
    # Writing the connection row on every delivery would queue concurrent
    # deliveries of one shop behind its row lock; once a minute is enough
    # for "last delivery".
    last = connection.last_delivery_at
    if last is None or last <= now - LAST_DELIVERY_RESOLUTION:
        ShopConnection.objects.filter(pk=connection.pk).update(last_delivery_at=now)


@transaction.atomic
def delivery_receive(
    *,
    workspace_slug: str,
    platform: str,
    headers: Mapping[str, str],
    body: bytes,
    topic: str = "",
) -> Receipt:
    """Verify and store one delivery; enqueue its apply once it is committed.

    Refuses (NotFound, SignatureInvalid, a 400 DomainError) before anything
    is written. A delivery id seen before is answered as a duplicate and
    changes nothing; a topic cxloop does not use is stored as ignored.
    """
    if platform not in ADAPTERS:
        raise _no_connection()
    connections = selectors.connection_list_active(
        workspace_slug=workspace_slug, platform=platform
    )
    if not connections:
        raise _no_connection()
    headers = {name.lower(): value for name, value in headers.items()}
    if platform == Platform.WOOCOMMERCE and woocommerce.is_ping(
        body=body, headers=headers
    ):
        return Receipt(outcome="ping")
    connection = _verified_connection(
        connections, platform=platform, headers=headers, body=body
    )
    adapter = ADAPTERS[platform]
    topic = topic or adapter.topic(headers)
    if not topic:
        raise DomainError(_("The delivery names no topic."), field="topic")
    try:
        payload = load_json(body)
        delivery_id = adapter.delivery_id(
            headers=headers, payload=payload, topic=topic, body=body
        )
    except PayloadError as error:
        raise DomainError(str(error), field="body") from error
    now = timezone.now()
    supported = topic in adapter.TOPICS
    workspace = connection.workspace
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                workspace=workspace,
                connection=connection,
                platform=platform,
                topic=topic[:100],
                delivery_id=delivery_id[:255],
                object_id=adapter.object_id(payload, topic)[:100],
                body=body.decode("utf-8"),
                received_at=now,
                status=Status.RECEIVED if supported else Status.IGNORED,
            )
    except IntegrityError:
        existing = WebhookDelivery.objects.of(workspace).get(
            platform=platform, delivery_id=delivery_id[:255]
        )
        return Receipt(outcome="duplicate", delivery=existing)
    _touch(connection, now)
    if not supported:
        return Receipt(outcome="ignored", delivery=delivery)
    transaction.on_commit(
        partial(tasks.delivery_apply.enqueue, delivery_id=delivery.pk)
    )
    return Receipt(outcome="accepted", delivery=delivery)


# ------------------------------------------------------------------ apply


def customers_apply(*, workspace: Workspace, value: Parsed) -> list[str]:
    """Hand one parsed delivery to the customers app: the only place that does.

    A RefundData needs no call: Shopify follows every refund with
    `orders/updated`, whose OrderData carries the refunded total. Returns
    what the shop should hear about: values kept unverified (a mistyped
    e-mail, a phone that is no number), which never match anybody.
    """
    if isinstance(value, RefundData):
        return []
    if isinstance(value, OrderData):
        resolved = customers.order_upsert(workspace=workspace, data=value).customer
    elif isinstance(value, CustomerData):
        resolved = customers.customer_upsert(workspace=workspace, data=value)
    else:
        raise TypeError(f"Cannot apply {type(value).__name__}.")
    return [
        f"{rejected.kind} {rejected.raw!r} {rejected.reason}: kept unverified"
        for rejected in (resolved.rejected if resolved else ())
    ]


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the delivery for this transaction, or None if it is settled.

    A conditional UPDATE is the lock: on PostgreSQL it row-locks and a
    concurrent claim re-reads the committed status; on SQLite it takes the
    write lock. Either way one delivery is applied by one worker at a time,
    and an applied one never again.
    """
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=[Status.RECEIVED, Status.FAILED]
    ).update(last_attempt_at=now)
    if not claimed:
        return None
    delivery: WebhookDelivery = WebhookDelivery.objects.select_related("workspace").get(
        pk=delivery_id
    )
    return delivery


@transaction.atomic
def delivery_apply(*, delivery_id: int) -> WebhookDelivery:
    """Parse a stored delivery and apply it, at most once successfully.

    `customers_apply` runs inside a savepoint, so a failing apply writes
    nothing but the delivery's failure.
    """
    delivery = _claim(delivery_id)
    if delivery is None:
        return WebhookDelivery.objects.get(pk=delivery_id)
    delivery.attempts += 1
    try:
        with transaction.atomic():
            payload = load_json(delivery.body.encode("utf-8"))
            value = ADAPTERS[delivery.platform].parse(delivery.topic, payload)
            notes = customers_apply(workspace=delivery.workspace, value=value)
    except Exception as error:  # any failure is kept, and retried later
        delivery.status = Status.FAILED
        delivery.error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    else:
        delivery.status = Status.APPLIED
        delivery.applied_at = timezone.now()
        delivery.error = ""
        delivery.note = "; ".join(notes)[:ERROR_LENGTH]
    delivery.save(update_fields=["status", "attempts", "applied_at", "error", "note"])
    return delivery


def retry_delay(attempts: int) -> timedelta:
    """How long after its last attempt a failed delivery is tried again."""
    delay: timedelta = RETRY_BASE * 4 ** max(attempts - 1, 0)
    return min(delay, RETRY_CAP)


def _due(delivery: WebhookDelivery, now: datetime) -> bool:
    last: datetime | None = delivery.last_attempt_at
    if last is None:
        received: datetime = delivery.received_at
        return received <= now - LOST_AFTER
    return last <= now - retry_delay(delivery.attempts)


def delivery_retry_due() -> int:
    """Enqueue the deliveries that are waiting too long; return how many.

    Covers a task lost before it ran (never attempted) and a failed apply
    (retried with backoff up to MAX_ATTEMPTS, then left for a person to
    redeliver).
    """
    now = timezone.now()
    candidates = WebhookDelivery.objects.filter(
        status__in=[Status.RECEIVED, Status.FAILED], attempts__lt=MAX_ATTEMPTS
    ).order_by("last_attempt_at", "received_at")[:RETRY_BATCH]
    due = [delivery.pk for delivery in candidates if _due(delivery, now)]
    for pk in due:
        tasks.delivery_apply.enqueue(delivery_id=pk)
    return len(due)


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Apply a stored delivery again now, e.g. after its cause was fixed."""
    if delivery.is_settled:
        raise Conflict(_("This delivery has already been applied or ignored."))
    transaction.on_commit(
        partial(tasks.delivery_apply.enqueue, delivery_id=delivery.pk)
    )
    return delivery


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
        .exclude(body=ERASED_BODY)
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
