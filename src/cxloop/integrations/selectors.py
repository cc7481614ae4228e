"""Reads of shop connections and their deliveries, always within a workspace."""

from django.db.models import QuerySet

from cxloop.accounts.models import Workspace
from cxloop.errors import NotFound
from cxloop.integrations.models import ShopConnection, WebhookDelivery


def connection_list(*, workspace: Workspace) -> QuerySet[ShopConnection]:
    return ShopConnection.objects.of(workspace).select_related("workspace")


def connection_get(*, workspace: Workspace, pk: int) -> ShopConnection:
    try:
        return connection_list(workspace=workspace).get(pk=pk)
    except ShopConnection.DoesNotExist as error:
        raise NotFound("No such shop connection.") from error


def connection_list_active(
    *, workspace_slug: str, platform: str, with_paused: bool = False
) -> list[ShopConnection]:
    """The connections a delivery to a workspace's platform URL may be from.

    The URL names the workspace by slug; one query finds both, and an
    unknown slug simply has none. `with_paused` adds the paused ones, after
    the active.
    """
    connections = ShopConnection.objects.filter(
        workspace__slug=workspace_slug, platform=platform
    )
    if not with_paused:
        connections = connections.filter(active=True)
    return list(
        connections.select_related("workspace").order_by(
            "-active", "-created_at", "-pk"
        )
    )


def connection_list_syncable(
    *, workspace: Workspace | None = None, platform: str = "woocommerce"
) -> list[ShopConnection]:
    """Active connections of a platform with a REST key: those the sync reads.

    Without a workspace, every workspace's: for the worker's periodic sync.
    """
    connections = ShopConnection.objects.filter(
        platform=platform, active=True
    ).select_related("workspace")
    if workspace is not None:
        connections = connections.filter(workspace=workspace)
    return [c for c in connections.order_by("pk") if c.can_sync]


def delivery_list(
    *,
    workspace: Workspace,
    connection: ShopConnection | None = None,
    status: str | None = None,
) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.of(workspace).order_by("-received_at", "-pk")
    if connection is not None:
        deliveries = deliveries.filter(connection=connection)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries


def delivery_get(
    *, workspace: Workspace, connection: ShopConnection, pk: int
) -> WebhookDelivery:
    try:
        return delivery_list(workspace=workspace, connection=connection).get(pk=pk)
    except WebhookDelivery.DoesNotExist as error:
        raise NotFound("No such delivery.") from error
