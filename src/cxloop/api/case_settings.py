"""How cases are worked: teams, SLA policies and the business calendar."""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.cases import selectors, services
from cxloop.cases.models import BusinessCalendar, SlaPolicy, Team
from cxloop.pagination import MAX_LIMIT

router = Router(tags=["cases"])

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
UserId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Escalation = Literal["notify", "reassign"]
Priority = Literal["low", "normal", "high", "urgent"]
Minutes = Annotated[int, Field(ge=1, le=525_600)]


# Teams ----------------------------------------------------------------------


class TeamIn(Schema):
    name: Name
    lead_id: UserId | None = Field(None, description="Told of SLA breaches.")
    member_ids: list[UserId] = Field(default_factory=list, max_length=500)


class TeamPatch(Schema):
    name: Name | None = None
    lead_id: int | None = Field(
        None, ge=0, le=2**63 - 1, description="0 leaves the team without a lead."
    )
    member_ids: list[UserId] | None = Field(None, max_length=500)


class TeamOut(Schema):
    id: int
    name: str
    lead_id: int | None
    member_ids: list[int]
    created_at: datetime


class TeamPage(Schema):
    items: list[TeamOut]
    next_cursor: str | None


def _team_record(team: Team) -> dict[str, Any]:
    return {
        "id": team.pk,
        "name": team.name,
        "lead_id": team.lead_id,
        "member_ids": sorted(member.pk for member in team.members.all()),
        "created_at": team.created_at,
    }


@router.get("/teams", response=TeamPage, summary="List the teams that work cases")
def team_list(request: TenantRequest) -> dict[str, Any]:
    teams = selectors.team_list(workspace=request.workspace)[:MAX_LIMIT]
    return {"items": [_team_record(team) for team in teams], "next_cursor": None}


@router.post("/teams", response={201: TeamOut}, summary="Create a team")
def team_create(request: TenantRequest, payload: TeamIn) -> Any:
    team = services.team_save(
        workspace=request.workspace,
        name=payload.name,
        lead_id=payload.lead_id,
        member_ids=payload.member_ids,
    )
    return Status(201, _team_record(team))


@router.get("/teams/{team_id}", response=TeamOut, summary="A team")
def team_get(request: TenantRequest, team_id: int) -> dict[str, Any]:
    return _team_record(selectors.team_get(workspace=request.workspace, pk=team_id))


@router.patch(
    "/teams/{team_id}",
    response=TeamOut,
    summary="Rename a team (its cases follow) or change its lead or members",
)
def team_patch(request: TenantRequest, team_id: int, payload: TeamPatch) -> Any:
    team = selectors.team_get(workspace=request.workspace, pk=team_id)
    lead_id = team.lead_id if payload.lead_id is None else (payload.lead_id or None)
    members = (
        [member.pk for member in team.members.all()]
        if payload.member_ids is None
        else payload.member_ids
    )
    team = services.team_save(
        workspace=request.workspace,
        name=payload.name or team.name,
        lead_id=lead_id,
        member_ids=members,
        team=team,
    )
    return _team_record(selectors.team_get(workspace=request.workspace, pk=team.pk))


@router.delete("/teams/{team_id}", response={204: None}, summary="Delete a team")
def team_delete(request: TenantRequest, team_id: int) -> Any:
    team = selectors.team_get(workspace=request.workspace, pk=team_id)
    services.team_delete(team=team)
    return Status(204, None)


# SLA policies -----------------------------------------------------------------


class Targets(Schema):
    first_response: Minutes | None = None
    resolution: Minutes | None = None


class PolicyIn(Schema):
    name: Name
    targets: dict[Priority, Targets] = Field(
        description='Minutes per priority, e.g. {"normal": {"first_response": '
        '480, "resolution": 1440}}.'
    )
    business_hours: bool = Field(
        True, description="Count only the business calendar's open minutes."
    )
    is_default: bool = False
    escalation: Escalation = Field(
        "notify",
        description="On a breach: notify the team lead, or also give them the case.",
    )


class PolicyPatch(Schema):
    name: Name | None = None
    targets: dict[Priority, Targets] | None = None
    business_hours: bool | None = None
    is_default: bool | None = None
    escalation: Escalation | None = None


class PolicyOut(Schema):
    id: int
    name: str
    targets: dict[str, dict[str, int]]
    business_hours: bool
    is_default: bool
    escalation: str
    created_at: datetime


class PolicyPage(Schema):
    items: list[PolicyOut]
    next_cursor: str | None


def _policy_record(policy: SlaPolicy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "name": policy.name,
        "targets": policy.targets,
        "business_hours": policy.business_hours,
        "is_default": policy.is_default,
        "escalation": policy.escalation,
        "created_at": policy.created_at,
    }


def _targets(targets: dict[Priority, Targets]) -> dict[str, Any]:
    return {priority: value.model_dump() for priority, value in targets.items()}


@router.get("/sla-policies", response=PolicyPage, summary="List the SLA policies")
def sla_policy_list(request: TenantRequest) -> dict[str, Any]:
    services.sla_policy_ensure_default(workspace=request.workspace)
    policies = selectors.sla_policy_list(workspace=request.workspace)[:MAX_LIMIT]
    return {"items": [_policy_record(p) for p in policies], "next_cursor": None}


@router.post("/sla-policies", response={201: PolicyOut}, summary="Create an SLA policy")
def sla_policy_create(request: TenantRequest, payload: PolicyIn) -> Any:
    policy = services.sla_policy_save(
        workspace=request.workspace,
        name=payload.name,
        targets=_targets(payload.targets),
        business_hours_only=payload.business_hours,
        is_default=payload.is_default,
        escalation=payload.escalation,
    )
    return Status(201, _policy_record(policy))


@router.get("/sla-policies/{policy_id}", response=PolicyOut, summary="An SLA policy")
def sla_policy_get(request: TenantRequest, policy_id: int) -> dict[str, Any]:
    policy = selectors.sla_policy_get(workspace=request.workspace, pk=policy_id)
    return _policy_record(policy)


@router.patch(
    "/sla-policies/{policy_id}",
    response=PolicyOut,
    summary="Change an SLA policy; open cases keep the due times they were given",
)
def sla_policy_patch(
    request: TenantRequest, policy_id: int, payload: PolicyPatch
) -> Any:
    policy = selectors.sla_policy_get(workspace=request.workspace, pk=policy_id)
    policy = services.sla_policy_save(
        workspace=request.workspace,
        name=payload.name or policy.name,
        targets=(
            policy.targets if payload.targets is None else _targets(payload.targets)
        ),
        business_hours_only=(
            policy.business_hours
            if payload.business_hours is None
            else payload.business_hours
        ),
        is_default=bool(payload.is_default),
        escalation=payload.escalation,
        policy=policy,
    )
    return _policy_record(policy)


@router.delete(
    "/sla-policies/{policy_id}",
    response={204: None},
    summary="Delete an SLA policy that is not the default",
)
def sla_policy_delete(request: TenantRequest, policy_id: int) -> Any:
    policy = selectors.sla_policy_get(workspace=request.workspace, pk=policy_id)
    services.sla_policy_delete(policy=policy)
    return Status(204, None)


# The business calendar ----------------------------------------------------------


class CalendarIn(Schema):
    schedule: dict[str, Any] = Field(
        description='{"timezone": "Europe/Tallinn", "hours": {"0": [["09:00", '
        '"17:00"]], …, "6": []}, "holiday_countries": ["EE"], "closed_days": '
        '["2026-12-31"]}; weekdays 0 = Monday, "24:00" ends at midnight.'
    )


class CalendarOut(Schema):
    schedule: dict[str, Any]
    updated_at: datetime


def _calendar_record(calendar: BusinessCalendar) -> dict[str, Any]:
    return {"schedule": calendar.schedule, "updated_at": calendar.updated_at}


@router.get(
    "/business-calendar",
    response=CalendarOut,
    summary="The opening hours and closed days SLA targets count on",
)
def calendar_get(request: TenantRequest) -> dict[str, Any]:
    return _calendar_record(services.calendar_ensure(workspace=request.workspace))


@router.put(
    "/business-calendar",
    response=CalendarOut,
    summary="Replace the business calendar; open cases keep their due times",
)
def calendar_put(request: TenantRequest, payload: CalendarIn) -> dict[str, Any]:
    calendar = services.calendar_update(
        workspace=request.workspace, schedule=payload.schedule
    )
    return _calendar_record(calendar)
