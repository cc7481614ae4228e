from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.delivery.models import Delivery, DeliveryAttempt, WebhookEndpoint
from cxloop.errors import NotFound


def endpoint_list(*, workspace: Workspace) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.of(workspace)


def endpoint_list_enabled(*, workspace: Workspace) -> QuerySet[WebhookEndpoint]:
    """What an event may go to: one query on the (workspace, enabled) index."""
    return WebhookEndpoint.objects.of(workspace).filter(enabled=True)


def endpoint_get(*, workspace: Workspace, pk: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.of(workspace).filter(pk=pk).first()
    if endpoint is None:
        raise NotFound(_("No such webhook endpoint."))
    result: WebhookEndpoint = endpoint
    return result


def delivery_list(
    *,
    workspace: Workspace,
    endpoint: WebhookEndpoint | None = None,
    status: str | None = None,
) -> QuerySet[Delivery]:
    deliveries = Delivery.objects.of(workspace).select_related("message")
    if endpoint is not None:
        deliveries = deliveries.filter(endpoint=endpoint)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries


def delivery_get(*, workspace: Workspace, pk: int) -> Delivery:
    delivery = (
        Delivery.objects.of(workspace)
        .select_related("message", "endpoint", "workspace")
        .filter(pk=pk)
        .first()
    )
    if delivery is None:
        raise NotFound(_("No such delivery."))
    result: Delivery = delivery
    return result


def attempt_list(
    *, workspace: Workspace, delivery: Delivery
) -> QuerySet[DeliveryAttempt]:
    """A delivery's attempts, newest first; through its workspace's delivery."""
    return DeliveryAttempt.objects.filter(
        delivery=delivery, delivery__workspace=workspace
    ).order_by("-at", "-pk")


def event_wanted(*, workspace_id: int, event_type: str) -> bool:
    """Whether any enabled endpoint of the workspace takes `event_type`.

    Lets an emitter skip building payloads when nobody listens; one query
    on the (workspace, enabled) index.
    """
    return any(
        not event_types or event_type in event_types
        for event_types in WebhookEndpoint.objects.filter(
            workspace_id=workspace_id, enabled=True
        ).values_list("event_types", flat=True)
    )
