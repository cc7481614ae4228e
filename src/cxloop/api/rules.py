"""Rules: conditions on responses, events and cases → actions; their firings."""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.pagination import MAX_LIMIT, page
from cxloop.rules import selectors, services
from cxloop.rules.models import Rule

router = Router(tags=["rules"])

Name = Annotated[str, StringConstraints(max_length=200)]
Description = Annotated[str, StringConstraints(max_length=2000)]
TriggerName = Literal[
    "response.stored", "response.analysed", "event.received", "case.changed", "schedule"
]
Match = Literal["all", "any"]
Conditions = Annotated[
    list[dict[str, Any]],
    Field(
        max_length=30,
        description=(
            'Each `{"field", "op", "value", "key"?}`; fields: survey, touchpoint, '
            "question (key: the question's key), nps_band, nps, csat, ces, "
            "sentiment, topic, language, channel, customer_attribute (key), "
            "segment, order_value (key: total|last), event_type, event_property "
            "(key), case_status, case_priority. Ops: eq, ne, in, contains, lte, "
            "gte, between, is_set."
        ),
    ),
]
Actions = Annotated[
    list[dict[str, Any]],
    Field(
        max_length=10,
        description=(
            'In order, each `{"type", …}`: open_case (priority, owner_id, team, '
            "sla_policy_id), notify_email (users, team, touchpoint_owner), "
            "post_chat (url), webhook (sends `rule.matched`), tag_response (tags), "
            "digest (digest: daily|weekly, users, touchpoint_owner)."
        ),
    ),
]
ThrottleDays = Annotated[int, Field(ge=0, le=365)]


class RuleIn(Schema):
    name: Name
    description: Description = ""
    trigger: TriggerName
    match: Match = "all"
    conditions: Conditions = Field(default_factory=list)
    actions: Actions
    enabled: bool = True
    throttle_days: ThrottleDays = Field(
        7, description="Days within which a customer's new signal joins their case."
    )


class RulePatch(Schema):
    name: Name | None = None
    description: Description | None = None
    trigger: TriggerName | None = None
    match: Match | None = None
    conditions: Conditions | None = None
    actions: Actions | None = None
    enabled: bool | None = None
    throttle_days: ThrottleDays | None = None


class RuleOut(Schema):
    id: int
    name: str
    description: str
    trigger: str
    match: str
    conditions: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    enabled: bool
    position: int
    throttle_days: int
    seed_key: str = Field(
        description="Set on the default rules a workspace starts with."
    )
    created_at: datetime
    updated_at: datetime


class RulePage(Schema):
    items: list[RuleOut]
    next_cursor: str | None


class PreviewIn(Schema):
    trigger: TriggerName
    match: Match = "all"
    conditions: Conditions = Field(default_factory=list)
    days: int = Field(30, ge=1, le=365)


class PreviewOut(Schema):
    count: int = Field(description="How many objects of the period would have matched.")
    days: int
    examples: list[dict[str, Any]] = Field(description="Up to five, newest first.")


class FiringOut(Schema):
    id: int
    rule_id: int
    object: str
    object_id: int
    customer_id: int | None
    status: str
    matched: dict[str, Any]
    results: list[dict[str, Any]]
    error: str
    fired_at: datetime


class FiringPage(Schema):
    items: list[FiringOut]
    next_cursor: str | None


class PageFilters(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    cursor: str | None = None


def _rule_record(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "name": rule.name,
        "description": rule.description,
        "trigger": rule.trigger,
        "match": rule.match,
        "conditions": rule.conditions,
        "actions": rule.actions,
        "enabled": rule.enabled,
        "position": rule.position,
        "throttle_days": rule.throttle_days,
        "seed_key": rule.seed_key,
        "created_at": rule.created_at,
        "updated_at": rule.updated_at,
    }


@router.get("/rules", response=RulePage, summary="List rules, newest first")
def rule_list(request: TenantRequest, paging: Query[PageFilters]) -> dict[str, Any]:
    return page(
        selectors.rule_list(workspace=request.workspace).order_by("-created_at", "-pk"),
        time_field="created_at",
        limit=paging.limit,
        cursor=paging.cursor,
        serialize=_rule_record,
    )


@router.post("/rules", response={201: RuleOut}, summary="Add a rule")
def rule_create(request: TenantRequest, payload: RuleIn) -> Any:
    rule = services.rule_create(
        workspace=request.workspace, data=services.RuleData(**payload.dict())
    )
    return Status(201, _rule_record(rule))


@router.post(
    "/rules/preview",
    response=PreviewOut,
    summary="How many stored responses or events a rule would have matched",
)
def rule_preview(request: TenantRequest, payload: PreviewIn) -> dict[str, Any]:
    count, examples = services.rule_preview(
        workspace=request.workspace,
        rule_data=payload.dict(exclude={"days"}),
        days=payload.days,
    )
    return {"count": count, "days": payload.days, "examples": examples}


@router.get("/rules/{rule_id}", response=RuleOut, summary="Get a rule")
def rule_get(request: TenantRequest, rule_id: int) -> dict[str, Any]:
    return _rule_record(selectors.rule_get(workspace=request.workspace, pk=rule_id))


@router.patch(
    "/rules/{rule_id}", response=RuleOut, summary="Change, enable or disable a rule"
)
def rule_patch(request: TenantRequest, rule_id: int, payload: RulePatch) -> Any:
    rule = selectors.rule_get(workspace=request.workspace, pk=rule_id)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return _rule_record(services.rule_update(rule=rule, changes=changes))


@router.delete("/rules/{rule_id}", response={204: None}, summary="Delete a rule")
def rule_delete(request: TenantRequest, rule_id: int) -> Any:
    rule = selectors.rule_get(workspace=request.workspace, pk=rule_id)
    services.rule_delete(rule=rule)
    return Status(204, None)


@router.get(
    "/rules/{rule_id}/firings",
    response=FiringPage,
    summary="A rule's firings, newest first: what matched and what each action did",
)
def firing_list(
    request: TenantRequest, rule_id: int, paging: Query[PageFilters]
) -> dict[str, Any]:
    rule = selectors.rule_get(workspace=request.workspace, pk=rule_id)
    return page(
        selectors.firing_list(rule=rule),
        time_field="fired_at",
        limit=paging.limit,
        cursor=paging.cursor,
        serialize=selectors.firing_record,
    )
