"""Cases: list, read, change status, owner and priority, add notes and replies."""

import dataclasses
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.cases import recovery, selectors, services
from cxloop.cases.models import Case, CaseEntry
from cxloop.pagination import MAX_LIMIT, page

router = Router(tags=["cases"])

CaseStatus = Literal["new", "open", "pending", "resolved", "closed"]
CasePriority = Literal["low", "normal", "high", "urgent"]
CaseView = Literal["open", "mine", "team", "unassigned", "breaching", "all"]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=50)]
Key = Annotated[str, StringConstraints(max_length=100)]


class CaseFilters(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None
    view: CaseView = Field("all", description="`breaching`: due within 2 hours.")
    status: CaseStatus | None = None
    priority: CasePriority | None = None
    owner_id: int | None = Field(None, ge=1, le=2**63 - 1)
    team: Key | None = None
    touchpoint: Key | None = None
    customer_id: int | None = Field(None, ge=1, le=2**63 - 1)


class CaseIn(Schema):
    title: Title
    description: Text = ""
    priority: CasePriority = "normal"
    customer_id: int | None = Field(None, ge=1, le=2**63 - 1)
    touchpoint: Key = Field("", description="Owner and team default to its owner's.")
    owner_id: int | None = Field(None, ge=1, le=2**63 - 1)
    team: Key | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)


class CasePatch(Schema):
    status: CaseStatus | None = None
    priority: CasePriority | None = None
    owner_id: int | None = Field(
        None, ge=0, le=2**63 - 1, description="0 leaves the case without an owner."
    )
    team: Key | None = None
    tags: list[Tag] | None = Field(None, max_length=20)


class NoteIn(Schema):
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class ReplyIn(Schema):
    subject: Title
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class CaseOut(Schema):
    id: int
    number: int
    title: str
    description: str
    source: str
    status: str
    priority: str
    customer_id: int | None
    touchpoint: str | None
    owner_id: int | None
    team: str
    tags: list[str]
    response_id: str | None = Field(
        description="The response's own `response_id`, as the responses API lists it."
    )
    event_id: int | None
    merged_into_id: int | None
    opened_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    sla_paused: bool = Field(description="Waiting for the customer: the clock stops.")
    breached: bool
    resolved_at: datetime | None
    closed_at: datetime | None


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class EntryOut(Schema):
    id: int
    kind: str
    author_id: int | None
    body: str
    data: dict[str, Any]
    response_id: str | None
    event_id: int | None
    created_at: datetime


class CaseDetailOut(CaseOut):
    timeline: list[EntryOut]


def case_record(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "description": case.description,
        "source": case.source,
        "status": case.status,
        "priority": case.priority,
        "customer_id": case.customer_id,
        "touchpoint": case.touchpoint.key if case.touchpoint else None,
        "owner_id": case.owner_id,
        "team": case.team,
        "tags": case.tags,
        "response_id": case.response.response_id if case.response else None,
        "event_id": case.event_id,
        "merged_into_id": case.merged_into_id,
        "opened_at": case.opened_at,
        "updated_at": case.updated_at,
        "first_response_at": case.first_response_at,
        "first_response_due_at": case.first_response_due_at,
        "resolution_due_at": case.resolution_due_at,
        "sla_paused": case.sla_paused_at is not None,
        "breached": case.is_breached,
        "resolved_at": case.resolved_at,
        "closed_at": case.closed_at,
    }


def _entry_record(entry: CaseEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "author_id": entry.author_id,
        "body": entry.body,
        "data": entry.data,
        "response_id": entry.response.response_id if entry.response else None,
        "event_id": entry.event_id,
        "created_at": entry.created_at,
    }


def _detail(case: Case) -> dict[str, Any]:
    timeline = [_entry_record(e) for e in selectors.case_timeline(case=case)]
    return {**case_record(case), "timeline": timeline}


@router.get("/cases", response=CasePage, summary="List cases, newest first")
def case_list(request: TenantRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    found = selectors.case_search(
        workspace=request.workspace,
        filters=selectors.CaseFilter(
            view=filters.view,
            status=filters.status or "",
            priority=filters.priority or "",
            owner_id=filters.owner_id,
            team=filters.team or "",
            touchpoint=filters.touchpoint or "",
            customer_id=filters.customer_id,
        ),
    )
    return page(
        found.order_by("-opened_at", "-pk"),
        time_field="opened_at",
        limit=filters.limit,
        cursor=filters.cursor,
        serialize=case_record,
    )


@router.post("/cases", response={201: CaseDetailOut}, summary="Open a case by hand")
def case_create(request: TenantRequest, payload: CaseIn) -> Any:
    case = services.case_open(
        workspace=request.workspace,
        title=payload.title,
        source=Case.Source.MANUAL,
        description=payload.description,
        priority=payload.priority,
        customer_id=payload.customer_id,
        touchpoint_key=payload.touchpoint,
        owner_id=payload.owner_id,
        team=payload.team,
        tags=payload.tags,
    )
    return Status(201, _detail(case))


class RecoveryQuery(Schema):
    group_by: Literal["owner", "team", "touchpoint", "priority"] = "owner"
    since: date | None = Field(
        None, description="First local day (workspace time zone); 90 days ago."
    )
    until: date | None = Field(None, description="Last local day, included; today.")


class QuantilesOut(Schema):
    n: int
    median: float | None
    p90: float | None


class DurationOut(Schema):
    business_minutes: QuantilesOut = Field(
        description="On the case's SLA policy clock, waiting for the customer out."
    )
    hours: QuantilesOut = Field(description="Wall-clock hours, everything counted.")
    small: bool = Field(description="Fewer cases than the minimum: read with care.")


class ProportionOut(Schema):
    n: int
    k: int
    value: float | None = Field(description="k of n, in percent.")
    ci95: tuple[float, float] | None = Field(description="Wilson interval, %.")
    small: bool


class MeanOut(Schema):
    n: int
    value: float | None
    ci95: tuple[float, float] | None = Field(description="t interval.")
    small: bool


class RecoveryGroupOut(Schema):
    key: str
    label: str
    cases: int
    first_response: DurationOut
    resolution: DurationOut
    sla_attainment: ProportionOut = Field(
        description="Of the cases whose outcome is known: every target met."
    )
    first_contact_resolution: ProportionOut = Field(
        description="Of the resolved cases: at most one reply, never reopened."
    )
    follow_up_ces: MeanOut = Field(description="The follow-up survey, 1–7.")
    follow_up_easy: ProportionOut = Field(description="Follow-up CES of 5–7.")
    small: bool


class ResurveyOut(Schema):
    detractors: int = Field(description="Resolved cases opened from an NPS 0–6.")
    moved_up: ProportionOut = Field(
        description="Of those answering NPS after the resolution: now 7–10."
    )
    to_passive: int
    to_promoter: int


class DifferenceOut(Schema):
    value: float | None = Field(description="With a case minus without.")
    ci95: tuple[float, float] | None
    p_value: float | None
    test: str


class OrdersAfterOut(Schema):
    with_case: MeanOut = Field(description="Orders in the 90 days after.")
    with_case_ordered: ProportionOut
    without_case: MeanOut
    without_case_ordered: ProportionOut
    difference: DifferenceOut
    window_days: int
    note: str


class RecoveryOut(Schema):
    since: date
    until: date
    group_by: str
    min_n: int
    overall: RecoveryGroupOut
    groups: list[RecoveryGroupOut]
    detractors_resurveyed: ResurveyOut | None
    orders_after: OrdersAfterOut | None


@router.get(
    "/cases/recovery",
    response=RecoveryOut,
    summary="Recovery: response times, SLA attainment, first-contact resolution",
    description=(
        "Over the cases opened in the period, grouped by owner, team, touchpoint "
        "or priority: time to first response and to resolution (median, p90), "
        "SLA attainment and first-contact resolution (share, Wilson interval), "
        "follow-up CES, detractors re-surveyed, and orders in the 90 days after "
        "a resolved case next to comparable customers without one. That last "
        "comparison is observational: it shows an association, never what a "
        "case caused. Figures on fewer than `min_n` cases are flagged `small`."
    ),
)
def case_recovery(
    request: TenantRequest, query: Query[RecoveryQuery]
) -> dict[str, Any]:
    found = recovery.recovery_measures(
        workspace=request.workspace,
        group_by=query.group_by,
        since=query.since,
        until=query.until,
    )
    return dataclasses.asdict(found)


@router.get(
    "/cases/{case_id}", response=CaseDetailOut, summary="A case and its timeline"
)
def case_get(request: TenantRequest, case_id: int) -> dict[str, Any]:
    return _detail(selectors.case_get(workspace=request.workspace, pk=case_id))


@router.patch(
    "/cases/{case_id}",
    response=CaseDetailOut,
    summary="Change a case's status, priority, owner, team or tags",
)
def case_patch(request: TenantRequest, case_id: int, payload: CasePatch) -> Any:
    case = selectors.case_get(workspace=request.workspace, pk=case_id)
    case = services.case_update(
        case=case,
        actor=None,
        status=payload.status,
        priority=payload.priority,
        owner_id=payload.owner_id,
        team=payload.team,
        tags=payload.tags,
    )
    return _detail(case)


@router.post(
    "/cases/{case_id}/notes",
    response={201: EntryOut},
    summary="Add an internal note; @mentioned members get an e-mail",
)
def case_note(request: TenantRequest, case_id: int, payload: NoteIn) -> Any:
    case = selectors.case_get(workspace=request.workspace, pk=case_id)
    entry = services.case_note_add(case=case, author=None, body=payload.body)
    return Status(201, _entry_record(entry))


@router.post(
    "/cases/{case_id}/replies",
    response={202: EntryOut},
    summary="E-mail the customer; placeholders such as {first_name} are filled in",
)
def case_reply(request: TenantRequest, case_id: int, payload: ReplyIn) -> Any:
    case = selectors.case_get(workspace=request.workspace, pk=case_id)
    entry = services.case_reply_send(
        case=case, author=None, subject=payload.subject, body=payload.body
    )
    return Status(202, _entry_record(entry))
