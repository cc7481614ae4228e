"""Shop connections, and the path of a delivery: received, stored, applied.

A delivery is verified, stored verbatim and answered; a worker task then
parses it and hands the values to the customers app. Storing first means a
shop never waits on identity resolution (Shopify gives up after 5 seconds),
a failing apply never makes a shop disable its webhook, and nothing accepted
is lost: a failed delivery is retried with backoff and can be redelivered.
"""

import json
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
from cxloop.integrations import selectors, tasks, woocommerce_api
from cxloop.integrations.models import (
    Platform,
    ShopConnection,
    ShopObject,
    WebhookDelivery,
)
from cxloop.integrations.platforms import ADAPTERS, woocommerce
from cxloop.integrations.platforms.base import (
    CustomerDeleted,
    NotApplied,
    OrderDeleted,
    Parsed,
    Payload,
    PayloadError,
    RefundData,
    body_fingerprint,
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
# The sync re-reads a little before where it got: an order saved in the
# same second as the cursor, or committed a moment after its
# date_modified, is not missed; what it reads twice is a duplicate.
SYNC_OVERLAP = timedelta(minutes=5)
# A first sync catches up on the day before the connection was made; older
# history is an import (`cxloop import orders`).
FIRST_SYNC_LOOKBACK = timedelta(days=1)
SYNC_TIE = timedelta(seconds=1)
# A shop whose orders keep changing faster than they are read is left for
# the next run rather than read forever.
SYNC_MAX_REQUESTS = 1000

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


def _check_rest_access(*, platform: str, url: str, key: str, secret: str) -> None:
    if not (url or key or secret):
        return
    if platform != Platform.WOOCOMMERCE:
        raise InvalidInput(
            _("Only a WooCommerce connection reads the shop's REST API."),
            field="rest_url",
        )
    if not woocommerce_api.address_is_allowed(url):
        raise InvalidInput(
            _(
                "Give the shop's address starting with https:// (http:// only "
                "for this machine)."
            ),
            field="rest_url",
        )
    if not (key and secret):
        raise InvalidInput(
            _("Give both the REST API consumer key and its secret."),
            field="rest_key" if not key else "rest_secret",
        )


@transaction.atomic
def connection_create(
    *,
    workspace: Workspace,
    platform: str,
    secret: str = "",
    shop: str = "",
    rest_url: str = "",
    rest_key: str = "",
    rest_secret: str = "",
) -> ConnectionCreated:
    """Allow a shop to deliver to the workspace.

    Shopify signs with the app's client secret, which only Shopify issues;
    for WooCommerce and Magento the secret is ours to choose, so one is made
    when none is given. A WooCommerce connection may also get a REST API key
    (read access is enough) for the catch-up sync.
    """
    rest_url, rest_key, rest_secret = (
        rest_url.strip(),
        rest_key.strip(),
        rest_secret.strip(),
    )
    _check_rest_access(
        platform=platform, url=rest_url, key=rest_key, secret=rest_secret
    )
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
        workspace=workspace,
        platform=platform,
        secret=secret,
        shop=shop.strip(),
        rest_url=rest_url,
        rest_key=rest_key,
        rest_secret=rest_secret,
    )
    try:
        connection.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(f"{field}: {messages[0]}", field=field) from error
    connection.save()
    return ConnectionCreated(connection=connection, generated_secret=generated)


@transaction.atomic
def connection_set_rest_access(
    *, connection: ShopConnection, url: str, key: str, secret: str
) -> ShopConnection:
    """Give (or, with three empty values, take away) the REST API key."""
    url, key, secret = url.strip(), key.strip(), secret.strip()
    _check_rest_access(platform=connection.platform, url=url, key=key, secret=secret)
    connection.rest_url, connection.rest_key, connection.rest_secret = url, key, secret
    connection.save(update_fields=["rest_url", "rest_key", "rest_secret"])
    return connection


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
    if isinstance(value, OrderDeleted):
        removed = customers.order_remove(
            workspace=workspace, source=value.source, external_id=value.external_id
        )
        return [] if removed else ["the deleted order was not known here"]
    if isinstance(value, CustomerDeleted):
        return _customer_erase(workspace=workspace, value=value)
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


def _customer_erase(*, workspace: Workspace, value: CustomerDeleted) -> list[str]:
    # The shop deleting an account is the strongest signal that the person
    # is to be forgotten: erased as `DELETE /api/v1/customers/{id}` does.
    customer = customer_selectors.customer_find(
        workspace=workspace,
        kind="external_id",
        raw=f"{value.source}:{value.external_id}",
    )
    if customer is None:
        return ["the deleted customer was not known here"]
    customers.customer_erase(
        workspace=workspace,
        customer=customer,
        actor=value.source,
        reason="customer deleted in the shop",
    )
    return []


def _superseded(delivery: WebhookDelivery, payload: Payload) -> str:
    """Why a WooCommerce delivery is older than what was applied, or ''.

    Records the delivery's state as the newest one otherwise; the caller's
    savepoint undoes that if the apply then fails.
    """
    if delivery.platform != Platform.WOOCOMMERCE or not delivery.object_id:
        return ""
    resource, _dot, event = delivery.topic.partition(".")
    seen = ShopObject.objects.select_for_update().filter(
        connection_id=delivery.connection_id,
        resource=resource,
        object_id=delivery.object_id,
    )
    state = seen.first()
    if state is None:
        try:
            with transaction.atomic():
                state = ShopObject.objects.create(
                    workspace_id=delivery.workspace_id,
                    connection_id=delivery.connection_id,
                    resource=resource,
                    object_id=delivery.object_id,
                )
        except IntegrityError:
            state = seen.get()
    if event == "deleted":
        state.deleted_at = delivery.received_at
        state.save(update_fields=["deleted_at"])
        return ""
    modified = woocommerce.modified_at(payload)
    if modified is not None and state.modified_at and modified < state.modified_at:
        return f"older than the state already applied ({state.modified_at.isoformat()})"
    if (
        state.deleted_at is not None
        and event != "restored"
        and (modified is None or modified <= state.deleted_at)
    ):
        return "deleted in the shop since"
    state.modified_at = max(filter(None, [modified, state.modified_at]), default=None)
    state.deleted_at = None
    state.save(update_fields=["modified_at", "deleted_at"])
    return ""


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
            if not isinstance(value, NotApplied) and (
                reason := _superseded(delivery, payload)
            ):
                value = NotApplied(reason)
            if isinstance(value, NotApplied):
                notes = [value.reason]
            else:
                notes = customers_apply(workspace=delivery.workspace, value=value)
    except Exception as error:  # any failure is kept, and retried later
        delivery.status = Status.FAILED
        delivery.error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    else:
        # Read but deliberately not applied (a draft, a stale state): nothing
        # more is to be done with it, and the note says why.
        delivery.status = (
            Status.IGNORED if isinstance(value, NotApplied) else Status.APPLIED
        )
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
    if isinstance(value, OrderDeleted):
        return (value.source, value.external_id) in objects
    if isinstance(value, CustomerDeleted):
        return ("external", f"{value.source}:{value.external_id}") in identities
    if isinstance(value, NotApplied):
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


# ------------------------------------------------------ WooCommerce sync


class SyncFailed(DomainError):
    """The shop's REST API could not be read (the shop's answer, not ours)."""

    status = 424  # Failed Dependency: the request was fine, the shop was not

    def __init__(self, message: str, *, connection_id: int) -> None:
        super().__init__(message)
        self.connection_id = connection_id


@dataclass(frozen=True)
class SyncResult:
    connection: ShopConnection
    read: int  # orders the shop listed
    stored: int  # new states, stored and queued to be applied
    known: int  # states already stored, by a webhook or an earlier sync
    complete: bool  # False when it stopped at SYNC_MAX_REQUESTS
    cursor: datetime | None


def _sync_store(connection: ShopConnection, order: dict[str, object]) -> bool:
    """Store one listed order as a delivery; False when it is already stored.

    It then goes the way of a webhook: applied by the worker, retried when
    it fails, and weighed against the webhooks by the shop's own
    `date_modified` (`_superseded`), so an order seen by both is one order
    and the newer state wins.
    """
    body = json.dumps(order, ensure_ascii=False)
    modified = str(order.get("date_modified_gmt") or "-")
    delivery_id = (
        f"sync:{connection.pk}:{order.get('id')}:{modified}:"
        f"{body_fingerprint(body.encode('utf-8'))}"
    )
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                workspace=connection.workspace,
                connection=connection,
                platform=Platform.WOOCOMMERCE,
                topic="order.updated",
                delivery_id=delivery_id[:255],
                object_id=str(order.get("id") or "")[:100],
                body=body,
            )
    except IntegrityError:
        return False
    transaction.on_commit(
        partial(tasks.delivery_apply.enqueue, delivery_id=delivery.pk)
    )
    return True


def _moment(value: object) -> datetime | None:
    try:
        return woocommerce.modified_at({"date_modified_gmt": value})
    except PayloadError:
        return None


def _sync_page(
    connection: ShopConnection, orders: list[dict[str, object]]
) -> tuple[int, datetime | None]:
    """Store one page in one transaction; (how many were new, its newest change)."""
    stored, newest = 0, None
    with transaction.atomic():
        for order in orders:
            stored += _sync_store(connection, order)
            modified = _moment(order.get("date_modified_gmt"))
            if modified is not None and (newest is None or modified > newest):
                newest = modified
    return stored, newest


def woocommerce_sync(
    *, connection: ShopConnection, since: datetime | None = None
) -> SyncResult:
    """Read the orders changed in the shop since the last sync and store them.

    Catches up on what webhooks never delivered: WooCommerce does not retry
    a failed delivery. Reads `/wp-json/wc/v3/orders` oldest change first.
    Page numbers shift when an order changes while the list is read (it
    moves to the end, and the order after it would be skipped), so after
    each page the next request starts again at page 1 from that page's
    newest change (less a second: `modified_after` is exclusive and
    WooCommerce's times have whole seconds); only when more than a page of
    orders share one second does it go on to page 2 of the same request.
    The list is read to its end (`X-WP-TotalPages`), and the cursor, saved
    after every page, is the newest change read; the next sync starts
    SYNC_OVERLAP before it. Each page is committed on its own, so a sync
    that fails half-way keeps what it read. Raises SyncFailed (recorded on
    the connection) when the shop cannot be read.
    """
    if connection.platform != Platform.WOOCOMMERCE or not connection.can_sync:
        raise InvalidInput(
            _("This connection has no WooCommerce REST API key to sync with."),
            field="rest_key",
        )
    started = timezone.now()
    if since is not None:
        after = since
    elif connection.sync_cursor is not None:
        after = connection.sync_cursor - SYNC_OVERLAP
    else:
        after = connection.created_at - FIRST_SYNC_LOOKBACK
    read = stored = 0
    page, complete = 1, False
    try:
        for _request in range(SYNC_MAX_REQUESTS):
            listed = woocommerce_api.orders_modified_after(
                shop_url=connection.rest_url,
                key=connection.rest_key,
                secret=connection.rest_secret,
                after=after,
                page=page,
            )
            new, newest = _sync_page(connection, listed.orders)
            read, stored = read + len(listed.orders), stored + new
            if newest is not None and (
                connection.sync_cursor is None or newest > connection.sync_cursor
            ):
                connection.sync_cursor = newest
                connection.save(update_fields=["sync_cursor"])
            if not listed.orders or page >= listed.total_pages:
                complete = True
                break
            if newest is not None and newest - SYNC_TIE > after:
                after, page = newest - SYNC_TIE, 1
            else:
                page += 1
    except woocommerce_api.RestError as error:
        ShopConnection.objects.filter(pk=connection.pk).update(
            sync_error=str(error)[:ERROR_LENGTH]
        )
        raise SyncFailed(
            _("The shop's REST API could not be read: %(reason)s") % {"reason": error},
            connection_id=connection.pk,
        ) from error
    connection.synced_at = started
    connection.sync_error = ""
    connection.save(update_fields=["synced_at", "sync_error"])
    return SyncResult(
        connection=connection,
        read=read,
        stored=stored,
        known=read - stored,
        complete=complete,
        cursor=connection.sync_cursor,
    )


def woocommerce_sync_workspace(
    *, workspace: Workspace, since: datetime | None = None
) -> list[SyncResult | SyncFailed]:
    """Sync every active WooCommerce connection of the workspace with a key.

    One shop that cannot be read does not stop the others: its SyncFailed
    takes its place in the list. InvalidInput when none has a key.
    """
    connections = selectors.connection_list_syncable(workspace=workspace)
    if not connections:
        raise InvalidInput(
            _("This connection has no WooCommerce REST API key to sync with."),
            field="rest_key",
        )
    results: list[SyncResult | SyncFailed] = []
    for connection in connections:
        try:
            results.append(woocommerce_sync(connection=connection, since=since))
        except SyncFailed as error:
            results.append(error)
    return results


def woocommerce_sync_due() -> int:
    """Periodic: sync every WooCommerce connection that has a REST key.

    A shop that cannot be read is recorded on its connection and does not
    stop the others. Returns how many new order states were stored.
    """
    stored = 0
    for connection in selectors.connection_list_syncable():
        try:
            stored += woocommerce_sync(connection=connection).stored
        except DomainError:
            continue
    return stored
