from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.integrations import selectors, services
from cxloop.integrations.models import ShopConnection, WebhookDelivery
from cxloop.pagination import MAX_LIMIT, page

router = Router(tags=["integrations"])

PlatformName = Literal["shopify", "woocommerce", "magento"]
DeliveryStatus = Literal["received", "applied", "failed", "ignored", "test", "paused"]


class ConnectionIn(Schema):
    platform: PlatformName
    secret: Annotated[str, StringConstraints(max_length=255)] | None = Field(
        None,
        description=(
            "Shopify: the app's client secret. WooCommerce, Magento: the secret "
            "you will enter in the shop; omit it to have one made and shown once."
        ),
    )
    shop: Annotated[str, StringConstraints(max_length=255)] = Field(
        "", description="The shop's domain or name, for your own reference."
    )
    rest_url: Annotated[str, StringConstraints(max_length=255)] = Field(
        "",
        description="WooCommerce: the shop's https:// address, for the catch-up "
        "sync of its REST API.",
    )
    rest_key: Annotated[str, StringConstraints(max_length=255)] = Field(
        "", description="WooCommerce: a REST API consumer key (ck_…; read is enough)."
    )
    rest_secret: Annotated[str, StringConstraints(max_length=255)] = Field(
        "", description="WooCommerce: its consumer secret (cs_…); never shown again."
    )


class ConnectionPatch(Schema):
    active: bool


class ConnectionOut(Schema):
    id: int
    platform: str
    shop: str
    secret_prefix: str = Field(description="All that is shown of the secret.")
    active: bool
    created_at: datetime
    last_delivery_at: datetime | None
    webhook_url: str = Field(description="Paste this into the shop's admin.")
    rest_key_prefix: str = Field(
        description="All that is shown of the WooCommerce REST key ('' for none)."
    )
    synced_at: datetime | None = Field(description="The last catch-up sync.")
    sync_error: str = Field(description="Why the last sync failed, if it did.")


class ConnectionCreatedOut(ConnectionOut):
    secret: str | None = Field(
        None, description="The secret cxloop made, shown only in this response."
    )


class ConnectionPage(Schema):
    items: list[ConnectionOut]
    next_cursor: str | None


class DeliveryOut(Schema):
    id: int
    delivery_id: str
    topic: str
    object_id: str
    status: str
    attempts: int
    error: str
    received_at: datetime
    last_attempt_at: datetime | None
    applied_at: datetime | None
    # What the platform's headers said (Shopify); blank for the others.
    event_id: str
    shop_domain: str
    api_version: str


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None


class PageFilters(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class DeliveryFilters(PageFilters):
    status: DeliveryStatus | None = None


def _connection_record(
    request: TenantRequest, connection: ShopConnection
) -> dict[str, Any]:
    return {
        "id": connection.pk,
        "platform": connection.platform,
        "shop": connection.shop,
        "secret_prefix": connection.secret_prefix,
        "active": connection.active,
        "created_at": connection.created_at,
        "last_delivery_at": connection.last_delivery_at,
        "webhook_url": request.build_absolute_uri(connection.webhook_path),
        "rest_key_prefix": connection.rest_key_prefix,
        "synced_at": connection.synced_at,
        "sync_error": connection.sync_error,
    }


@router.get("/integrations", response=ConnectionPage, summary="List shop connections")
def connection_list(
    request: TenantRequest, paging: Query[PageFilters]
) -> dict[str, Any]:
    return page(
        selectors.connection_list(workspace=request.workspace),
        time_field="created_at",
        limit=paging.limit,
        cursor=paging.cursor,
        serialize=lambda connection: _connection_record(request, connection),
    )


@router.post(
    "/integrations",
    response={201: ConnectionCreatedOut},
    summary="Connect a shop; answers with the webhook URL to paste into it",
)
def connection_create(request: TenantRequest, payload: ConnectionIn) -> Any:
    created = services.connection_create(
        workspace=request.workspace,
        platform=payload.platform,
        secret=payload.secret or "",
        shop=payload.shop,
        rest_url=payload.rest_url,
        rest_key=payload.rest_key,
        rest_secret=payload.rest_secret,
    )
    record = _connection_record(request, created.connection)
    return Status(201, {**record, "secret": created.generated_secret})


@router.patch(
    "/integrations/{connection_id}",
    response=ConnectionOut,
    summary="Pause or resume a shop connection",
)
def connection_patch(
    request: TenantRequest, connection_id: int, payload: ConnectionPatch
) -> dict[str, Any]:
    connection = selectors.connection_get(workspace=request.workspace, pk=connection_id)
    connection = services.connection_set_active(
        connection=connection, active=payload.active
    )
    return _connection_record(request, connection)


@router.get(
    "/integrations/{connection_id}/deliveries",
    response=DeliveryPage,
    summary="A connection's deliveries, newest first (cursor paging)",
)
def delivery_list(
    request: TenantRequest, connection_id: int, filters: Query[DeliveryFilters]
) -> dict[str, Any]:
    connection = selectors.connection_get(workspace=request.workspace, pk=connection_id)
    deliveries = selectors.delivery_list(
        workspace=request.workspace, connection=connection, status=filters.status
    )
    return page(
        deliveries,
        time_field="received_at",
        limit=filters.limit,
        cursor=filters.cursor,
        serialize=lambda delivery: delivery,
    )


@router.post(
    "/integrations/{connection_id}/deliveries/{delivery_pk}/redeliver",
    response={202: DeliveryOut},
    summary="Apply a failed delivery again",
)
def delivery_redeliver(
    request: TenantRequest, connection_id: int, delivery_pk: int
) -> Any:
    connection = selectors.connection_get(workspace=request.workspace, pk=connection_id)
    delivery: WebhookDelivery = selectors.delivery_get(
        workspace=request.workspace, connection=connection, pk=delivery_pk
    )
    return Status(202, services.delivery_redeliver(delivery=delivery))
