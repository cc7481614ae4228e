"""The path of a delivery: received, verified, stored, applied, retried."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.customers import services as customers
from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.errors import Conflict, DomainError, NotFound
from cxloop.integrations import selectors, tasks
from cxloop.integrations.models import (
    Platform,
    ShopConnection,
    ShopObject,
    WebhookDelivery,
)
from cxloop.integrations.platforms import ADAPTERS, magento, shopify, woocommerce
from cxloop.integrations.platforms.base import (
    CustomerDeleted,
    NotApplied,
    OrderDeleted,
    OrderReached,
    Parsed,
    Payload,
    PayloadError,
    PrivacyRequest,
    RefundData,
    body_fingerprint,
    load_json,
)
from cxloop.integrations.services.common import (
    ERROR_LENGTH,
    LAST_DELIVERY_RESOLUTION,
    LOST_AFTER,
    MAX_ATTEMPTS,
    RETRY_BASE,
    RETRY_BATCH,
    RETRY_CAP,
    Outcome,
    ShopMismatch,
    SignatureInvalid,
    Status,
)
from cxloop.integrations.services.erasure import ERASED_BODY
from cxloop.integrations.services.privacy import privacy_apply, privacy_screen

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


def _shopify_headers(
    connection: ShopConnection, headers: Mapping[str, str]
) -> dict[str, object]:
    """The delivery's Shopify headers, once its shop is the connection's.

    One app's secret signs the deliveries of every shop that installed it,
    so the signature alone does not say which shop sent one: the domain
    does. A connection naming its shop by a custom domain (which Shopify's
    header never carries) is not checked.
    """
    said = shopify.delivery_headers(headers)
    expected = shopify.shop_domain(connection.shop)
    if (
        said.shop_domain
        and expected.endswith(".myshopify.com")
        and said.shop_domain != expected
    ):
        raise ShopMismatch(
            _(
                "The delivery is from the shop %(given)s, but this connection is "
                "for %(expected)s."
            )
            % {"given": said.shop_domain, "expected": expected},
            field="X-Shopify-Shop-Domain",
        )
    return {
        "event_id": said.event_id[:255],
        "shop_domain": said.shop_domain[:255],
        "api_version": said.api_version[:32],
        "triggered_at": said.triggered_at,
    }


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
    changes nothing; a topic cxloop does not use is stored as ignored, and
    so is a body an adapter that `KEEPS_UNREADABLE` (Magento) cannot read,
    with why as its error. One for a paused connection is stored as paused,
    to be applied when the connection is resumed.
    """
    if platform not in ADAPTERS:
        raise _no_connection()
    # A paused connection still verifies its shop's deliveries: they are kept
    # as paused and applied once it is resumed (see connection_set_active).
    connections = selectors.connection_list_active(
        workspace_slug=workspace_slug, platform=platform, with_paused=True
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
    unreadable = ""
    try:
        payload = load_json(body)
        delivery_id = adapter.delivery_id(
            headers=headers, payload=payload, topic=topic, body=body
        )
    except PayloadError as error:
        if not getattr(adapter, "KEEPS_UNREADABLE", False):
            raise DomainError(str(error), field="body") from error
        # A shop whose own save fails on our refusal (Magento's required
        # hooks) is answered as if it were stored, and it is: with why it
        # cannot be used, for a person to see.
        payload, unreadable = {}, str(error)
        delivery_id = f"unreadable:{body_fingerprint(body)}"
    said = _shopify_headers(connection, headers) if platform == Platform.SHOPIFY else {}
    now = timezone.now()
    supported = topic in adapter.TOPICS and not unreadable
    if not supported:
        status = Status.IGNORED
    elif not connection.active:
        status = Status.PAUSED
    else:
        status = Status.RECEIVED
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
                body=body.decode("utf-8", errors="replace").replace("\x00", ""),
                received_at=now,
                status=status,
                error=unreadable[:ERROR_LENGTH],
                **said,
            )
    except IntegrityError:
        existing = WebhookDelivery.objects.of(workspace).get(
            platform=platform, delivery_id=delivery_id[:255]
        )
        return Receipt(outcome="duplicate", delivery=existing)
    _touch(connection, now)
    if not supported:
        return Receipt(outcome="ignored", delivery=delivery)
    if status == Status.PAUSED:
        return Receipt(outcome="paused", delivery=delivery)
    transaction.on_commit(
        partial(tasks.delivery_apply.enqueue, delivery_id=delivery.pk)
    )
    return Receipt(outcome="accepted", delivery=delivery)


@transaction.atomic
def delivery_record_too_large(
    *,
    workspace_slug: str,
    platform: str,
    headers: Mapping[str, str],
    body: bytes,
    reason: str,
    topic: str = "",
) -> Receipt:
    """Record, without its body, a verified delivery too large to keep.

    Stored as ignored with `reason`, so the shop's connection shows that
    something came and was not applied; refuses as `delivery_receive` does
    when no connection verifies it. The same body again is a duplicate.
    """
    if platform not in ADAPTERS:
        raise _no_connection()
    connections = selectors.connection_list_active(
        workspace_slug=workspace_slug, platform=platform, with_paused=True
    )
    if not connections:
        raise _no_connection()
    headers = {name.lower(): value for name, value in headers.items()}
    connection = _verified_connection(
        connections, platform=platform, headers=headers, body=body
    )
    delivery_id = f"too-large:{body_fingerprint(body)}"
    workspace = connection.workspace
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                workspace=workspace,
                connection=connection,
                platform=platform,
                topic=(topic or ADAPTERS[platform].topic(headers))[:100],
                delivery_id=delivery_id,
                body="{}",
                status=Status.IGNORED,
                error=f"{reason} {len(body) // 1024} kB arrived and were not kept."[
                    :ERROR_LENGTH
                ],
            )
    except IntegrityError:
        existing = WebhookDelivery.objects.of(workspace).get(
            platform=platform, delivery_id=delivery_id
        )
        return Receipt(outcome="duplicate", delivery=existing)
    _touch(connection, timezone.now())
    return Receipt(outcome="too_large", delivery=delivery)


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
    if isinstance(value, OrderReached):
        reached = customers.order_advance(
            workspace=workspace,
            source=value.source,
            external_id=value.external_id,
            status=value.status,
            at=value.at,
        )
        return [] if reached else ["the order was not known here"]
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


def _state_of(
    delivery: WebhookDelivery, payload: Payload
) -> tuple[str, datetime | None, str] | None:
    """(resource, the shop's time of the change, event) of a delivery whose
    object keeps a newest state, or None."""
    if not delivery.object_id:
        return None
    if delivery.platform == Platform.WOOCOMMERCE:
        resource, _dot, event = delivery.topic.partition(".")
        return resource, woocommerce.modified_at(payload), event
    if delivery.platform == Platform.SHOPIFY:
        # A retry carries the payload of its trigger time: the resource's
        # updated_at, or X-Shopify-Triggered-At, says how old it is.
        state = shopify.object_state(delivery.topic, payload, delivery.triggered_at)
        if state is None:
            return None
        return state.resource, state.modified_at, "deleted" if state.deleted else ""
    if delivery.platform == Platform.MAGENTO:
        # Its webhooks and its sync report the same orders, each state with
        # its `updated_at`.
        return delivery.topic, magento.modified_at(payload, delivery.topic), "updated"
    return None


def _superseded(delivery: WebhookDelivery, payload: Payload) -> str:
    """Why a delivery is older than what was applied of its object, or ''.

    Records the delivery's state as the newest one otherwise; the caller's
    savepoint undoes that if the apply then fails.
    """
    found = _state_of(delivery, payload)
    if found is None:
        return ""
    resource, modified, event = found
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
    fields = ["status", "attempts", "applied_at", "error", "note"]
    try:
        with transaction.atomic():
            payload = load_json(delivery.body.encode("utf-8"))
            value = ADAPTERS[delivery.platform].parse(delivery.topic, payload)
            if not isinstance(value, NotApplied) and (
                reason := _superseded(delivery, payload)
            ):
                value = NotApplied(reason)
            if isinstance(value, PrivacyRequest):
                value = privacy_screen(delivery=delivery, value=value)
            if isinstance(value, NotApplied):
                notes = [value.reason]
            elif isinstance(value, PrivacyRequest):
                notes = privacy_apply(delivery=delivery, value=value)
            else:
                notes = customers_apply(workspace=delivery.workspace, value=value)
    except Exception as error:  # any failure is kept, and retried later
        delivery.status = Status.FAILED
        delivery.error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    else:
        # Read but deliberately not applied (a draft, a stale state): nothing
        # more is to be done with it, and the note says why.
        delivery.status = _settled_status(value)
        delivery.applied_at = timezone.now()
        delivery.error = ""
        delivery.note = "; ".join(notes)[:ERROR_LENGTH]
        if isinstance(value, PrivacyRequest):
            # Handled: the request is remembered, the person it names is not.
            delivery.body = ERASED_BODY
            fields.append("body")
    delivery.save(update_fields=fields)
    return delivery


def _settled_status(value: Parsed) -> str:
    if isinstance(value, NotApplied):
        return Status.TEST if value.test else Status.IGNORED
    return Status.APPLIED


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
