"""Outbound webhook endpoints, their deliveries and redelivery."""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api.schemas import UtcDatetime
from cxloop.delivery import hooks, selectors, services
from cxloop.delivery.models import Delivery, DeliveryAttempt, WebhookEndpoint
from cxloop.pagination import MAX_LIMIT, page

router = Router(tags=["webhooks"])

Url = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]
EventTypeName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Description = Annotated[str, StringConstraints(max_length=200)]
DeliveryStatus = Literal["pending", "succeeded", "failed"]


class EndpointIn(Schema):
    url: Url = Field(description="An http(s) URL on a public address.")
    event_types: list[EventTypeName] = Field(
        default_factory=list,
        max_length=50,
        description="Event types to send; empty sends every type.",
    )
    description: Description = ""


class EndpointPatch(Schema):
    url: Url | None = None
    event_types: list[EventTypeName] | None = Field(None, max_length=50)
    description: Description | None = None
    enabled: bool | None = None


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str
    disabled_at: datetime | None
    secret_prefix: str = Field(description="All that is shown of the secret.")
    created_at: datetime


class EndpointWithSecretOut(EndpointOut):
    secret: str = Field(
        description="The `whsec_` signing secret, shown only in this response."
    )


class EndpointPage(Schema):
    items: list[EndpointOut]
    next_cursor: str | None


class DeliveryOut(Schema):
    id: int
    endpoint_id: int | None
    event_type: str
    webhook_id: str = Field(description="The `webhook-id` header, stable on retries.")
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_response: str = Field(description="The start of the last response body.")
    last_error: str
    delivered_at: datetime | None
    created_at: datetime


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: str | None


class AttemptOut(Schema):
    number: int = Field(description="1 for the first try; again 1 after a redelivery.")
    at: datetime
    duration_ms: int
    status_code: int | None = Field(description="None when no answer came.")
    response: str = Field(description="The start of the response body.")
    error: str = Field(description="Why no answer came (time-out, refused, SSRF).")


class AttemptPage(Schema):
    items: list[AttemptOut]
    next_cursor: str | None


class DeliveryFilters(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None
    status: DeliveryStatus | None = None


class PageFilters(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class RedeliverFailedIn(Schema):
    since: UtcDatetime = Field(description="Failed deliveries created since then.")


class RedeliveredOut(Schema):
    redelivered: int


class EventTypeOut(Schema):
    name: str
    description: str


def _endpoint_record(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "disabled_at": endpoint.disabled_at,
        "secret_prefix": endpoint.secret_prefix,
        "created_at": endpoint.created_at,
    }


def _delivery_record(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "endpoint_id": delivery.endpoint_id,
        "event_type": delivery.message.event_type,
        "webhook_id": delivery.message.webhook_id,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_attempt_at": delivery.last_attempt_at,
        "last_status_code": delivery.last_status_code,
        "last_response": delivery.last_response,
        "last_error": delivery.last_error,
        "delivered_at": delivery.delivered_at,
        "created_at": delivery.created_at,
    }


def _attempt_record(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "number": attempt.number,
        "at": attempt.at,
        "duration_ms": attempt.duration_ms,
        "status_code": attempt.status_code,
        "response": attempt.response,
        "error": attempt.error,
    }


@router.get(
    "/webhook-event-types",
    response=list[EventTypeOut],
    summary="The event types an endpoint can subscribe to",
)
def event_type_list(request: TenantRequest) -> list[dict[str, str]]:
    return [
        {"name": event.name, "description": str(event.description)}
        for event in hooks.event_type_list()
    ]


@router.get(
    "/webhook-endpoints", response=EndpointPage, summary="List webhook endpoints"
)
def endpoint_list(request: TenantRequest, paging: Query[PageFilters]) -> dict[str, Any]:
    return page(
        selectors.endpoint_list(workspace=request.workspace),
        time_field="created_at",
        limit=paging.limit,
        cursor=paging.cursor,
        serialize=_endpoint_record,
    )


@router.post(
    "/webhook-endpoints",
    response={201: EndpointWithSecretOut},
    summary="Add a webhook endpoint; its secret is in this answer only",
)
def endpoint_create(request: TenantRequest, payload: EndpointIn) -> Any:
    created = services.endpoint_create(
        workspace=request.workspace,
        url=payload.url,
        event_types=payload.event_types,
        description=payload.description,
    )
    return Status(201, {**_endpoint_record(created.endpoint), "secret": created.secret})


@router.get(
    "/webhook-endpoints/{endpoint_id}",
    response=EndpointOut,
    summary="Get a webhook endpoint",
)
def endpoint_get(request: TenantRequest, endpoint_id: int) -> dict[str, Any]:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    return _endpoint_record(endpoint)


@router.patch(
    "/webhook-endpoints/{endpoint_id}",
    response=EndpointOut,
    summary="Change, enable or disable a webhook endpoint",
)
def endpoint_patch(
    request: TenantRequest, endpoint_id: int, payload: EndpointPatch
) -> dict[str, Any]:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    endpoint = services.endpoint_update(
        endpoint=endpoint,
        url=payload.url,
        event_types=payload.event_types,
        description=payload.description,
        enabled=payload.enabled,
    )
    return _endpoint_record(endpoint)


@router.delete(
    "/webhook-endpoints/{endpoint_id}",
    response={204: None},
    summary="Delete a webhook endpoint and its deliveries",
)
def endpoint_delete(request: TenantRequest, endpoint_id: int) -> Any:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    services.endpoint_delete(endpoint=endpoint)
    return Status(204, None)


@router.post(
    "/webhook-endpoints/{endpoint_id}/rotate-secret",
    response=EndpointWithSecretOut,
    summary="Make a new secret; the old one keeps signing too for 24 hours",
)
def endpoint_rotate_secret(request: TenantRequest, endpoint_id: int) -> dict[str, Any]:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    rotated = services.endpoint_rotate_secret(endpoint=endpoint)
    return {**_endpoint_record(rotated.endpoint), "secret": rotated.secret}


@router.post(
    "/webhook-endpoints/{endpoint_id}/test",
    response={202: DeliveryOut},
    summary="Send a `webhook.test` event to this endpoint",
)
def endpoint_test(request: TenantRequest, endpoint_id: int) -> Any:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    delivery = services.endpoint_send_test(endpoint=endpoint)
    return Status(202, _delivery_record(delivery))


@router.get(
    "/webhook-endpoints/{endpoint_id}/deliveries",
    response=DeliveryPage,
    summary="An endpoint's deliveries, newest first, with the last response",
)
def delivery_list(
    request: TenantRequest, endpoint_id: int, filters: Query[DeliveryFilters]
) -> dict[str, Any]:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    return page(
        selectors.delivery_list(
            workspace=request.workspace, endpoint=endpoint, status=filters.status
        ),
        time_field="created_at",
        limit=filters.limit,
        cursor=filters.cursor,
        serialize=_delivery_record,
    )


@router.post(
    "/webhook-endpoints/{endpoint_id}/redeliver-failed",
    response={202: RedeliveredOut},
    summary="Redeliver every failed delivery created since a time",
)
def delivery_redeliver_failed(
    request: TenantRequest, endpoint_id: int, payload: RedeliverFailedIn
) -> Any:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=endpoint_id)
    count = services.deliveries_redeliver_failed(endpoint=endpoint, since=payload.since)
    return Status(202, {"redelivered": count})


@router.post(
    "/webhook-deliveries/{delivery_id}/redeliver",
    response={202: DeliveryOut},
    summary="Send one delivery again, with the same webhook-id",
)
def delivery_redeliver(request: TenantRequest, delivery_id: int) -> Any:
    delivery = selectors.delivery_get(workspace=request.workspace, pk=delivery_id)
    return Status(202, _delivery_record(services.delivery_redeliver(delivery=delivery)))


@router.get(
    "/webhook-deliveries/{delivery_id}/attempts",
    response=AttemptPage,
    summary="Every attempt of one delivery, newest first, with what came back",
)
def delivery_attempts(
    request: TenantRequest, delivery_id: int, paging: Query[PageFilters]
) -> dict[str, Any]:
    delivery = selectors.delivery_get(workspace=request.workspace, pk=delivery_id)
    return page(
        selectors.attempt_list(workspace=request.workspace, delivery=delivery),
        time_field="at",
        limit=paging.limit,
        cursor=paging.cursor,
        serialize=_attempt_record,
    )
