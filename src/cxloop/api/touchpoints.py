"""The journey map over the API: /touchpoints, /stages and /funnels."""

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api.schemas import Key, UtcDatetime
from cxloop.errors import InvalidInput
from cxloop.journeys import funnels, selectors, services
from cxloop.journeys.models import Stage, Touchpoint

router = Router(tags=["journeys"])

MapKey = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$"),
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Language = Literal["en", "et", "lv", "fi", "lt"]
# The name per language; `name` is the one in the workspace's default language.
Names = Annotated[
    dict[Language, Annotated[str, StringConstraints(max_length=200)]],
    Field(
        description=(
            "The name per language, all of them: a language left out or blank "
            "shows the default language's name, which must be here unless "
            "`name` is given."
        )
    ),
]
Team = Annotated[str, StringConstraints(max_length=100)]
Description = Annotated[str, StringConstraints(max_length=2000)]
Email = Annotated[str, StringConstraints(min_length=3, max_length=254)]
Position = Annotated[int, Field(ge=0, le=1000)]
EventTypes = Annotated[list[Key], Field(max_length=50)]
SurveyKeys = Annotated[list[MapKey], Field(max_length=50)]


class StageOut(Schema):
    key: str
    name: str
    names: dict[str, str]
    position: int


class StageIn(Schema):
    key: MapKey
    name: Name
    names: Names | None = None
    position: Position | None = None


class StagePatch(Schema):
    name: Name | None = None
    names: Names | None = None
    position: Position | None = None


class StagePage(Schema):
    items: list[StageOut]
    next_cursor: str | None = None


class TouchpointOut(Schema):
    key: str
    name: str
    names: dict[str, str]
    stage: str
    position: int
    owner: str | None = Field(None, description="The owning member's e-mail.")
    team: str
    event_types: list[str]
    survey_keys: list[str]
    description: str

    @staticmethod
    def resolve_stage(touchpoint: Touchpoint) -> str:
        return touchpoint.stage.key

    @staticmethod
    def resolve_owner(touchpoint: Touchpoint) -> str | None:
        return touchpoint.owner.email if touchpoint.owner else None


class TouchpointIn(Schema):
    key: MapKey
    name: Name
    names: Names | None = None
    stage: MapKey
    position: Position | None = None
    owner: Email | None = Field(None, description="A member's e-mail.")
    team: Team = ""
    event_types: EventTypes = Field(default_factory=list)
    survey_keys: SurveyKeys = Field(default_factory=list)
    description: Description = ""


class TouchpointPatch(Schema):
    name: Name | None = None
    names: Names | None = None
    stage: MapKey | None = None
    position: Position | None = None
    owner: Email | None = Field(None, description="A member's e-mail; null clears.")
    team: Team | None = None
    event_types: EventTypes | None = None
    survey_keys: SurveyKeys | None = None
    description: Description | None = None


class TouchpointPage(Schema):
    items: list[TouchpointOut]
    next_cursor: str | None = None


@router.get("/stages", response=StagePage, summary="List journey stages")
def stage_list(request: TenantRequest) -> dict[str, Any]:
    items = list(selectors.stage_list(workspace=request.workspace))
    return {"items": items, "next_cursor": None}


@router.post("/stages", response={201: StageOut}, summary="Add a journey stage")
def stage_create(request: TenantRequest, payload: StageIn) -> Any:
    stage = services.stage_create(workspace=request.workspace, **payload.model_dump())
    return Status(201, stage)


@router.patch("/stages/{key}", response=StageOut, summary="Change a journey stage")
def stage_patch(request: TenantRequest, key: str, payload: StagePatch) -> Stage:
    stage = selectors.stage_get(workspace=request.workspace, key=key)
    return services.stage_update(stage=stage, **payload.model_dump(exclude_none=True))


@router.delete("/stages/{key}", response={204: None}, summary="Delete an empty stage")
def stage_delete(request: TenantRequest, key: str) -> Any:
    stage = selectors.stage_get(workspace=request.workspace, key=key)
    services.stage_delete(stage=stage)
    return Status(204, None)


@router.get("/touchpoints", response=TouchpointPage, summary="List touchpoints")
def touchpoint_list(request: TenantRequest) -> dict[str, Any]:
    items = list(selectors.touchpoint_list(workspace=request.workspace))
    return {"items": items, "next_cursor": None}


@router.get("/touchpoints/{key}", response=TouchpointOut, summary="One touchpoint")
def touchpoint_get(request: TenantRequest, key: str) -> Touchpoint:
    return selectors.touchpoint_get(workspace=request.workspace, key=key)


@router.post("/touchpoints", response={201: TouchpointOut}, summary="Add a touchpoint")
def touchpoint_create(request: TenantRequest, payload: TouchpointIn) -> Any:
    touchpoint = services.touchpoint_create(
        workspace=request.workspace, **payload.model_dump()
    )
    return Status(201, touchpoint)


@router.patch(
    "/touchpoints/{key}", response=TouchpointOut, summary="Change a touchpoint"
)
def touchpoint_patch(
    request: TenantRequest, key: str, payload: TouchpointPatch
) -> Touchpoint:
    touchpoint = selectors.touchpoint_get(workspace=request.workspace, key=key)
    changes = payload.model_dump(exclude_unset=True)
    # Only the owner may be cleared with null; other nulls mean "unchanged".
    changes = {k: v for k, v in changes.items() if v is not None or k == "owner"}
    return services.touchpoint_update(touchpoint=touchpoint, **changes)


@router.delete(
    "/touchpoints/{key}", response={204: None}, summary="Delete a touchpoint"
)
def touchpoint_delete(request: TenantRequest, key: str) -> Any:
    touchpoint = selectors.touchpoint_get(workspace=request.workspace, key=key)
    services.touchpoint_delete(touchpoint=touchpoint)
    return Status(204, None)


class FunnelQuery(Schema):
    steps: Annotated[list[Key], Field(min_length=2, max_length=funnels.MAX_STEPS)]
    per: Literal["session", "person"] = "session"
    split_by: (
        Annotated[str, StringConstraints(pattern=funnels.SPLIT_PATTERN)] | None
    ) = None
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None
    within_hours: Annotated[int, Field(ge=1, le=24 * 90)] | None = None


class FunnelStepOut(Schema):
    type: str
    reached: int
    conversion: float | None
    overall: float | None
    median_seconds: float | None


class FunnelGroupOut(Schema):
    key: str
    entered: int
    steps: list[FunnelStepOut]


class FunnelOut(Schema):
    steps: list[str]
    per: str
    split_by: str
    since: datetime
    until: datetime
    total: FunnelGroupOut
    groups: list[FunnelGroupOut]


@router.get("/funnels", response=FunnelOut, summary="A funnel over event types")
def funnel_get(request: TenantRequest, query: Query[FunnelQuery]) -> dict[str, Any]:
    until = query.until or timezone.now()
    try:
        since = query.since or until - timedelta(days=30)
    except OverflowError as error:  # 30 days before the first day of year 1
        raise InvalidInput(_("This date is out of range."), field="until") from error
    result = funnels.funnel(
        workspace=request.workspace,
        steps=query.steps,
        since=since,
        until=until,
        per=query.per,
        split_by=query.split_by or "",
        within=timedelta(hours=query.within_hours) if query.within_hours else None,
    )
    return {**asdict(result), "since": since, "until": until}
