"""The catch-up sync of WooCommerce and Magento: what webhooks never delivered."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import DomainError, InvalidInput
from cxloop.integrations import magento_api, selectors, tasks, woocommerce_api
from cxloop.integrations.models import (
    Platform,
    ShopConnection,
    WebhookDelivery,
)
from cxloop.integrations.platforms import magento, woocommerce
from cxloop.integrations.platforms.base import (
    PayloadError,
    body_fingerprint,
)
from cxloop.integrations.services.common import (
    ERROR_LENGTH,
    FIRST_SYNC_LOOKBACK,
    SYNC_MAX_REQUESTS,
    SYNC_OVERLAP,
    SYNC_TIE,
)

# ------------------------------------------------------------- the sync


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


@dataclass(frozen=True)
class _Source:
    """How one platform's REST API is read and its orders stored."""

    platform: str
    topic: str
    read: Callable[[ShopConnection, datetime, int], "_Page"]
    modified: Callable[[dict[str, object]], datetime | None]
    delivery_id: Callable[[ShopConnection, dict[str, object], str], str]
    object_id: Callable[[dict[str, object]], str]


class _Page(Protocol):
    @property
    def orders(self) -> list[dict[str, Any]]: ...

    @property
    def total_pages(self) -> int: ...


def _sync_store(
    connection: ShopConnection, order: dict[str, object], source: _Source
) -> bool:
    """Store one listed order as a delivery; False when it is already stored.

    It then goes the way of a webhook: applied by the worker, retried when
    it fails, and weighed against the webhooks by the shop's own time of
    change (`_superseded`), so an order seen by both is one order and the
    newer state wins.
    """
    body = json.dumps(order, ensure_ascii=False)
    delivery_id = source.delivery_id(connection, order, body)
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                workspace=connection.workspace,
                connection=connection,
                platform=source.platform,
                topic=source.topic,
                delivery_id=delivery_id[:255],
                object_id=source.object_id(order)[:100],
                body=body,
            )
    except IntegrityError:
        return False
    transaction.on_commit(
        partial(tasks.delivery_apply.enqueue, delivery_id=delivery.pk)
    )
    return True


def _woocommerce_modified(order: dict[str, object]) -> datetime | None:
    try:
        return woocommerce.modified_at(
            {"date_modified_gmt": order.get("date_modified_gmt")}
        )
    except PayloadError:
        return None


def _woocommerce_delivery_id(
    connection: ShopConnection, order: dict[str, object], body: str
) -> str:
    modified = str(order.get("date_modified_gmt") or "-")
    return (
        f"sync:{connection.pk}:{order.get('id')}:{modified}:"
        f"{body_fingerprint(body.encode('utf-8'))}"
    )


def _magento_delivery_id(
    connection: ShopConnection, order: dict[str, object], body: str
) -> str:
    # The id a REST-shaped webhook of the same state gets: whichever comes
    # second is a duplicate. An observer-shaped webhook's differs, and its
    # state is stored again and applied again to the same result.
    try:
        return magento.delivery_id(
            headers={},
            payload=dict(order),
            topic=magento.ORDERS,
            body=body.encode("utf-8"),
        )
    except PayloadError:
        return f"sync:{connection.pk}:{body_fingerprint(body.encode('utf-8'))}"


WOOCOMMERCE = _Source(
    platform=Platform.WOOCOMMERCE,
    topic="order.updated",
    read=lambda connection, after, page: woocommerce_api.orders_modified_after(
        shop_url=connection.rest_url,
        key=connection.rest_key,
        secret=connection.rest_secret,
        after=after,
        page=page,
    ),
    modified=_woocommerce_modified,
    delivery_id=_woocommerce_delivery_id,
    object_id=lambda order: str(order.get("id") or ""),
)
MAGENTO = _Source(
    platform=Platform.MAGENTO,
    topic=magento.ORDERS,
    read=lambda connection, after, page: magento_api.orders_updated_since(
        shop_url=connection.rest_url, token=connection.rest_key, since=after, page=page
    ),
    modified=lambda order: magento.modified_at(dict(order), magento.ORDERS),
    delivery_id=_magento_delivery_id,
    object_id=lambda order: str(order.get("entity_id") or ""),
)
SOURCES = {source.platform: source for source in (WOOCOMMERCE, MAGENTO)}


def _no_key(source: _Source) -> InvalidInput:
    # The messages are marked here so that makemessages finds them.
    messages: dict[str, str] = {
        Platform.WOOCOMMERCE: _(
            "This connection has no WooCommerce REST API key to sync with."
        ),
        Platform.MAGENTO: _(
            "This connection has no Magento access token to sync with."
        ),
    }
    return InvalidInput(messages[source.platform], field="rest_key")


def _sync_page(
    connection: ShopConnection, orders: list[dict[str, object]], source: _Source
) -> tuple[int, datetime | None]:
    """Store one page in one transaction; (how many were new, its newest change)."""
    stored, newest = 0, None
    with transaction.atomic():
        for order in orders:
            stored += _sync_store(connection, order, source)
            modified = source.modified(order)
            if modified is not None and (newest is None or modified > newest):
                newest = modified
    return stored, newest


def woocommerce_sync(
    *, connection: ShopConnection, since: datetime | None = None
) -> SyncResult:
    """Read the orders changed in the shop since the last sync and store them.

    Catches up on what webhooks never delivered: WooCommerce does not retry
    a failed delivery. Reads `/wp-json/wc/v3/orders` oldest change first
    (`_sync` says how it pages). Raises SyncFailed (recorded on the
    connection) when the shop cannot be read.
    """
    return _sync(connection=connection, since=since, source=WOOCOMMERCE)


def magento_sync(
    *, connection: ShopConnection, since: datetime | None = None
) -> SyncResult:
    """Read the orders updated in a Magento shop since the last sync.

    Catches up on what a webhook never brought (a hook that timed out, an
    extension switched off, cxloop down): `GET /rest/V1/orders` filtered on
    `updated_at`, oldest first, with the integration's access token. Each
    state is stored under the id a REST-shaped webhook of it gets
    (`magento.delivery_id`), so one seen both ways is stored once; one an
    observer-shaped webhook brought is stored twice and applied idempotently.
    """
    return _sync(connection=connection, since=since, source=MAGENTO)


def _sync(
    *, connection: ShopConnection, since: datetime | None, source: _Source
) -> SyncResult:
    """Read a shop's orders changed since the last sync and store them.

    Oldest change first. Page numbers shift when an order changes while the
    list is read (it moves to the end, and the order after it would be
    skipped), so after each page the next request starts again at page 1
    from that page's newest change (less a second: WooCommerce's
    `modified_after` is exclusive, and both platforms' times have whole
    seconds); only when more than a page of orders share one second does it
    go on to page 2 of the same request. The list is read to its end (the
    shop's count of pages), and the cursor, saved after every page, is the
    newest change read; the next sync starts SYNC_OVERLAP before it. Each
    page is committed on its own, so a sync that fails half-way keeps what
    it read. Raises SyncFailed (recorded on the connection) when the shop
    cannot be read.
    """
    if connection.platform != source.platform or not connection.can_sync:
        raise _no_key(source)
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
            listed = source.read(connection, after, page)
            new, newest = _sync_page(connection, listed.orders, source)
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
    """Sync every active WooCommerce connection of the workspace with a key."""
    return shop_sync_workspace(
        workspace=workspace, platform=Platform.WOOCOMMERCE, since=since
    )


def shop_sync_workspace(
    *, workspace: Workspace, platform: str, since: datetime | None = None
) -> list[SyncResult | SyncFailed]:
    """Sync every active connection of one platform of the workspace with a key.

    One shop that cannot be read does not stop the others: its SyncFailed
    takes its place in the list. InvalidInput when none has a key.
    """
    source = SOURCES.get(platform, WOOCOMMERCE)
    connections = selectors.connection_list_syncable(
        workspace=workspace, platform=source.platform
    )
    if not connections:
        raise _no_key(source)
    results: list[SyncResult | SyncFailed] = []
    for connection in connections:
        try:
            results.append(_sync(connection=connection, since=since, source=source))
        except SyncFailed as error:
            results.append(error)
    return results


def woocommerce_sync_due() -> int:
    """Periodic: sync every WooCommerce connection that has a REST key.

    A shop that cannot be read is recorded on its connection and does not
    stop the others. Returns how many new order states were stored.
    """
    return _sync_due(WOOCOMMERCE)


def magento_sync_due() -> int:
    """Periodic: sync every Magento connection that has an access token."""
    return _sync_due(MAGENTO)


def _sync_due(source: _Source) -> int:
    stored = 0
    for connection in selectors.connection_list_syncable(platform=source.platform):
        try:
            stored += _sync(connection=connection, since=None, source=source).stored
        except DomainError:
            continue
    return stored
