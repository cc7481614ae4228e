from datetime import UTC, datetime
from typing import Any, Literal

from django.http import StreamingHttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field, field_validator

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api import auth
from cxloop.api.schemas import (
    ClientId,
    CustomerRef,
    Key,
    Properties,
    TopicRefOut,
    UtcDatetime,
)
from cxloop.pagination import MAX_LIMIT, page
from cxloop.surveys import exports, selectors, services

router = Router(tags=["responses"])

Channel = Literal[
    "link",
    "widget",
    "email",
    "api",
    "review",
    "social",
    "call",
    "chat",
    "store",
    "import",
]
Language = Literal["en", "et", "lv", "fi", "lt", "ru", "sv", "de"]


class ResponseIn(Schema):
    response_id: ClientId | None = Field(
        None,
        description="Chosen by the sender; a retry with the same body is stored once.",
    )
    survey: Key = Field(
        description="The survey's key; `feedback` for unsolicited feedback."
    )
    touchpoint: Key | None = None
    channel: Channel = "api"
    locale: Language | None = None
    customer: CustomerRef | None = None
    anonymous_id: ClientId | None = None
    answers: dict[str, Any]
    context: Properties = Field(default_factory=dict)
    submitted_at: UtcDatetime | None = None
    complete: bool = Field(
        True,
        description=(
            "false while the respondent is still answering (widget, link page): "
            "the same response_id may then be sent again with more answers."
        ),
    )

    @field_validator("submitted_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class SentimentOut(Schema):
    score: float
    label: str


class ResponseOut(Schema):
    response_id: str
    survey: str
    touchpoint: str
    channel: str
    locale: str
    customer: dict[str, str]
    anonymous_id: str
    answers: dict[str, Any]
    comment: str
    nps: int | None
    csat: int | None
    ces: int | None
    rating: int | None
    context: dict[str, Any]
    complete: bool
    submitted_at: datetime
    received_at: datetime
    language: str | None = None
    sentiment: SentimentOut | None = None
    topics: list[TopicRefOut] = []


class ResponseFilters(Schema):
    survey: str | None = None
    touchpoint: str | None = None
    channel: Channel | None = None
    locale: str | None = None
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None
    format: Literal["json", "csv"] = "json"


class ResponsePage(Schema):
    items: list[ResponseOut]
    next_cursor: str | None


@router.post(
    "/responses",
    auth=auth.public_key,
    response={200: ResponseOut, 201: ResponseOut},
    summary="Record a response (idempotent on response_id)",
)
def response_create(request: TenantRequest, payload: ResponseIn) -> Any:
    result = services.response_submit(
        workspace=request.workspace,
        data=services.ResponseInput(
            survey_key=payload.survey,
            answers=payload.answers,
            channel=payload.channel,
            response_id=payload.response_id or "",
            touchpoint=payload.touchpoint or "",
            locale=payload.locale or "",
            customer_ref=payload.customer.as_ref() if payload.customer else {},
            anonymous_id=payload.anonymous_id or "",
            context=payload.context,
            submitted_at=payload.submitted_at,
            complete=payload.complete,
        ),
    )
    return Status(
        201 if result.created else 200, exports.response_record(result.response)
    )


@router.get(
    "/responses",
    response=ResponsePage,
    summary="List responses, newest first (cursor paging; format=csv streams all)",
    openapi_extra={
        # An int key, as ninja's own: "200" would sit beside it, and the
        # document would name the status twice (a YAML/JSON parser error).
        "responses": {
            200: {
                "description": "A page of responses, or with format=csv all of them",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/ResponsePage"}
                    },
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        }
    },
)
def response_list(request: TenantRequest, filters: Query[ResponseFilters]) -> Any:
    responses = selectors.response_list(
        workspace=request.workspace,
        **filters.model_dump(
            include={"survey", "touchpoint", "channel", "locale", "since", "until"}
        ),
    )
    if filters.format == "csv":
        stream = StreamingHttpResponse(
            exports.csv_lines(responses, workspace=request.workspace),
            content_type="text/csv; charset=utf-8",
        )
        stream["Content-Disposition"] = 'attachment; filename="responses.csv"'
        return stream
    result = page(
        responses,
        time_field="submitted_at",
        limit=filters.limit,
        cursor=filters.cursor,
        serialize=lambda response: response,
    )
    # Language, sentiment and topics, for the whole page in two queries.
    result["items"] = exports.records(result["items"], workspace=request.workspace)
    return result
