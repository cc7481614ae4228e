"""The topic codebook over the API: /topics, its edits, discovery, re-assignment."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop import pagination
from cxloop.accounts.tenancy import TenantRequest
from cxloop.api.schemas import ClientId, UtcDatetime
from cxloop.errors import InvalidInput, NotFound
from cxloop.pagination import MAX_LIMIT
from cxloop.textanalysis import topic_selectors as selectors
from cxloop.textanalysis import topic_services as services
from cxloop.textanalysis.models import Topic, TopicDiscovery

router = Router(tags=["topics"])

Label = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Keyword = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Keywords = Annotated[list[Keyword], Field(max_length=services.MAX_KEYWORDS)]
Examples = Annotated[list[ClientId], Field(max_length=services.MAX_PINNED)]
Number = Annotated[int, Field(ge=1, le=2_000_000_000)]


class ExampleOut(Schema):
    response_id: str
    comment: str
    pinned: bool


class TopicSentimentOut(Schema):
    score: float | None = Field(description="Mean sentiment in [-1, 1].")
    negative: int
    neutral: int
    positive: int


class TopicOut(Schema):
    number: int
    label: str
    terms: list[str]
    terms_language: str
    keywords: list[str]
    origin: Literal["discovered", "manual"]
    status: Literal["active", "merged", "deleted"]
    curated: bool
    merged_into: int | None = Field(None, description="The topic's number.")
    volume: int = Field(description="Comments with this topic.")
    share: float = Field(description="Share of the analysed comments.")
    sentiment: TopicSentimentOut
    weekly: list[int] = Field(description="Comments per week, the last 12 weeks.")
    examples: dict[str, list[ExampleOut]] = Field(
        description="Best-matching comments per language (pinned first)."
    )
    created_at: datetime
    updated_at: datetime


class TopicPage(Schema):
    items: list[TopicOut]
    next_cursor: str | None


class TopicFilterIn(Schema):
    status: Literal["active", "merged", "deleted", "all"] = "active"
    touchpoint: str | None = Field(None, max_length=100)
    survey: str | None = Field(None, max_length=100)
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


class TopicIn(Schema):
    label: Label
    keywords: Keywords = Field(default_factory=list)
    examples: Examples = Field(
        default_factory=list, description="response_ids of example comments."
    )


class TopicPatch(Schema):
    label: Label | None = None
    keywords: Keywords | None = None
    examples: Examples | None = Field(
        None, description="Pinned example comments (response_ids); replaces."
    )


class MergeIn(Schema):
    into: Number = Field(description="The number of the topic to merge into.")


class SplitIn(Schema):
    parts: int = Field(2, ge=2, le=10)


class SplitOut(Schema):
    items: list[TopicOut]


class DiscoveryOut(Schema):
    status: str
    trigger: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    n_comments: int
    n_topics: int
    n_new: int


class ReassignOut(Schema):
    queued: bool


def _out(summary: selectors.TopicSummary) -> dict[str, Any]:
    topic = summary.topic
    return {
        "number": topic.number,
        "label": topic.label,
        "terms": topic.terms,
        "terms_language": topic.terms_language,
        "keywords": topic.keywords,
        "origin": topic.origin,
        "status": topic.status,
        "curated": topic.curated,
        "merged_into": topic.merged_into.number if topic.merged_into else None,
        "volume": summary.volume,
        "share": round(summary.share, 4),
        "sentiment": {
            "score": (
                round(summary.sentiment, 4) if summary.sentiment is not None else None
            ),
            "negative": summary.negative,
            "neutral": summary.neutral,
            "positive": summary.positive,
        },
        "weekly": summary.weekly,
        "examples": {
            language: [
                {
                    "response_id": e.response_id,
                    "comment": e.comment,
                    "pinned": e.pinned,
                }
                for e in examples
            ]
            for language, examples in summary.examples.items()
        },
        "created_at": topic.created_at,
        "updated_at": topic.updated_at,
    }


def _one(request: TenantRequest, topic: Topic) -> dict[str, Any]:
    summary = selectors.topic_summaries(workspace=request.workspace, topics=[topic])
    return _out(summary[0])


def _examples(request: TenantRequest, response_ids: list[str]) -> list[int]:
    known = selectors.responses_by_client_id(
        workspace=request.workspace, response_ids=response_ids
    )
    if missing := [rid for rid in response_ids if rid not in known]:
        raise InvalidInput(f"Unknown response_id {missing[0]!r}.", field="examples")
    return [known[rid] for rid in response_ids]


@router.get("/topics", response=TopicPage, summary="List topics with volume")
def topic_list(request: TenantRequest, filters: Query[TopicFilterIn]) -> Any:
    statuses = (
        [choice.value for choice in Topic.Status]
        if filters.status == "all"
        else [filters.status]
    )
    queryset = selectors.topic_queryset(workspace=request.workspace, statuses=statuses)
    if filters.cursor:
        after = pagination.decode_number_cursor(filters.cursor)
        queryset = queryset.filter(number__gt=after)
    topics = list(queryset[: filters.limit + 1])
    next_cursor = None
    if len(topics) > filters.limit:
        topics = topics[: filters.limit]
        next_cursor = pagination.encode_number_cursor(topics[-1].number)
    summaries = selectors.topic_summaries(
        workspace=request.workspace,
        topics=topics,
        filters=selectors.TopicFilters(
            touchpoint=filters.touchpoint,
            survey=filters.survey,
            since=filters.since,
            until=filters.until,
        ),
    )
    return {"items": [_out(s) for s in summaries], "next_cursor": next_cursor}


@router.post("/topics", response={201: TopicOut}, summary="Create a topic by hand")
def topic_create(request: TenantRequest, payload: TopicIn) -> Any:
    topic = services.topic_create(
        workspace=request.workspace,
        label=payload.label,
        keywords=payload.keywords,
        examples=_examples(request, payload.examples),
    )
    return Status(201, _one(request, topic))


@router.post(
    "/topics/discover",
    response={202: DiscoveryOut},
    summary="Run topic discovery in the worker (one run at a time)",
)
def topic_discover(request: TenantRequest) -> Any:
    with transaction.atomic():
        run = services.discovery_request(
            workspace=request.workspace, trigger=TopicDiscovery.Trigger.REQUEST
        )
    return Status(202, run)


@router.get("/topics/discovery", response=DiscoveryOut, summary="The newest run")
def topic_discovery(request: TenantRequest) -> Any:
    run = selectors.discovery_latest(workspace=request.workspace)
    if run is None:
        raise NotFound("No discovery has run yet.")
    return run


@router.post(
    "/topics/reassign",
    response={202: ReassignOut},
    summary="Assign every comment again with the current codebook (in the worker)",
)
def topic_reassign(request: TenantRequest) -> Any:
    with transaction.atomic():
        services.reassign_request(workspace=request.workspace)
    return Status(202, {"queued": True})


@router.get("/topics/{number}", response=TopicOut, summary="One topic")
def topic_get(request: TenantRequest, number: Number) -> Any:
    return _one(
        request, selectors.topic_get(workspace=request.workspace, number=number)
    )


@router.patch(
    "/topics/{number}",
    response=TopicOut,
    summary="Rename a topic, pin its keywords or example comments",
)
def topic_patch(request: TenantRequest, number: Number, payload: TopicPatch) -> Any:
    topic = selectors.topic_get(workspace=request.workspace, number=number)
    with transaction.atomic():
        if payload.label is not None:
            topic = services.topic_rename(topic=topic, label=payload.label)
        if payload.keywords is not None:
            topic = services.topic_keywords_set(topic=topic, keywords=payload.keywords)
        if payload.examples is not None:
            topic = services.topic_examples_pin(
                topic=topic, response_ids=_examples(request, payload.examples)
            )
    return _one(request, topic)


@router.post("/topics/{number}/merge", response=TopicOut, summary="Merge into another")
def topic_merge(request: TenantRequest, number: Number, payload: MergeIn) -> Any:
    source = selectors.topic_get(workspace=request.workspace, number=number)
    target = selectors.topic_get(workspace=request.workspace, number=payload.into)
    return _one(request, services.topic_merge(source=source, target=target))


@router.post(
    "/topics/{number}/split",
    response={201: SplitOut},
    summary="Split a topic's comments into new topics",
)
def topic_split(request: TenantRequest, number: Number, payload: SplitIn) -> Any:
    topic = selectors.topic_get(workspace=request.workspace, number=number)
    parts = services.topic_split(topic=topic, parts=payload.parts)
    summaries = selectors.topic_summaries(workspace=request.workspace, topics=parts)
    return Status(201, {"items": [_out(s) for s in summaries]})


@router.post("/topics/{number}/delete", response=TopicOut, summary="Delete a topic")
def topic_delete(request: TenantRequest, number: Number) -> Any:
    topic = selectors.topic_get(workspace=request.workspace, number=number)
    return _one(request, services.topic_delete(topic=topic))
