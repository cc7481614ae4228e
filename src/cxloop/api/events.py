from datetime import UTC, datetime, timedelta
from typing import Any

from ninja import Router, Schema, Status
from pydantic import BaseModel, Field, ValidationError, field_validator

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api import auth
from cxloop.api.errors import error_body, validation_errors
from cxloop.api.schemas import ClientId, CustomerRef, Key, Properties, UtcDatetime
from cxloop.journeys import services

router = Router(tags=["events"])

FUTURE_TOLERANCE = timedelta(days=1)


class EventIn(BaseModel):
    """One event; validated item by item so one bad event spoils nothing else.

    A plain pydantic model: ninja's Schema adds an ORM-reading validator that
    costs a third of the validation time on the ingestion hot path.
    """

    event_id: ClientId = Field(
        description="Chosen by the sender; a retry with the same id is stored once."
    )
    type: Key = Field(description="e.g. page_view, search, order_delivered")
    touchpoint: Key | None = None
    customer: CustomerRef | None = None
    anonymous_id: ClientId | None = None
    session_id: ClientId | None = None
    properties: Properties = Field(default_factory=dict)
    occurred_at: UtcDatetime | None = None

    @field_validator("occurred_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value > datetime.now(UTC) + FUTURE_TOLERANCE:
            raise ValueError("is more than a day in the future")
        return value

    def to_input(self) -> services.EventInput:
        return services.EventInput(
            event_id=self.event_id,
            type=self.type,
            touchpoint=self.touchpoint or "",
            customer_ref=self.customer.as_ref() if self.customer else {},
            anonymous_id=self.anonymous_id or "",
            session_id=self.session_id or "",
            properties=self.properties,
            occurred_at=self.occurred_at,
        )


class EventBatchIn(Schema):
    events: list[dict[str, Any]] = Field(
        description=f"Up to {services.MAX_BATCH} events, each shaped like EventIn."
    )


class RejectedItem(Schema):
    index: int
    errors: list[dict[str, Any]]


class EventBatchOut(Schema):
    accepted: int
    duplicates: int
    rejected: list[RejectedItem] = []


def _validate_items(
    raw: list[dict[str, Any]],
) -> tuple[list[EventIn], list[RejectedItem]]:
    valid, rejected = [], []
    for index, item in enumerate(raw):
        try:
            valid.append(EventIn.model_validate(item))
        except ValidationError as error:
            rejected.append(
                RejectedItem(index=index, errors=validation_errors(error.errors()))
            )
    return valid, rejected


@router.post(
    "/events",
    auth=auth.public_key,
    response={202: EventBatchOut, 413: dict[str, Any], 422: dict[str, Any]},
    summary="Record journey events (idempotent on event_id)",
)
def event_batch_create(request: TenantRequest, payload: EventBatchIn) -> Any:
    if len(payload.events) > services.MAX_BATCH:
        return Status(
            413,
            error_body(
                f"A batch holds at most {services.MAX_BATCH} events; split it.",
                [{"field": "events", "message": f"{len(payload.events)} events sent"}],
            ),
        )
    valid, rejected = _validate_items(payload.events)
    result = services.event_ingest(
        workspace=request.workspace, events=[item.to_input() for item in valid]
    )
    body = {"accepted": result.accepted, "duplicates": result.duplicates}
    if not rejected:
        return Status(202, body)
    errors = [
        {**error, "field": f"events.{item.index}.{error['field']}".rstrip(".")}
        for item in rejected
        for error in item.errors
    ]
    detail = (
        f"{len(rejected)} of {len(payload.events)} events were rejected; "
        "the rest were stored."
    )
    rejected_out = [item.model_dump() for item in rejected]
    return Status(422, {**error_body(detail, errors), **body, "rejected": rejected_out})
