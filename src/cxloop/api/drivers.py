"""What the text says about the scores: /irritants, /emerging and /drivers."""

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema
from pydantic import Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api.schemas import TopicRefOut, UtcDatetime
from cxloop.errors import InvalidInput
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.textanalysis import drivers, emerging, irritants, selectors

router = Router(tags=["text analysis"])

MapKey = Annotated[
    str,
    StringConstraints(max_length=64, pattern=r"^([a-z0-9][a-z0-9_-]*)?$"),
]
IsoWeek = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-W[0-9]{2}$")]
Interval = tuple[float, float] | None


class IrritantOut(Schema):
    topic: TopicRefOut
    n: int = Field(description="Responses that mention the topic and carry the score.")
    customers: int = Field(description="Distinct people among them.")
    score: float = Field(
        description="Their NPS (−100…100), % of yes (yes_no) or mean score."
    )
    score_ci95: Interval = Field(
        description="95 % interval of their score, on its scale; null if too few."
    )
    rest_score: float | None = Field(description="Everyone else's at the touchpoint.")
    gap: float | None = Field(description="rest_score − score; positive is worse.")
    ci95: Interval = Field(description="95 % interval of the gap; null if too few.")
    test: str = Field(description="The test of the gap, e.g. two-proportion z-test.")
    p_value: float | None = Field(description="Of that test; null if too few.")
    impact: float = Field(description="customers × gap; the ranking.")
    lift: float = Field(
        description="Rise of the touchpoint's score if these scored like the rest."
    )
    significant: bool
    no_share: float | None = Field(
        description="yes_no only: % of the touchpoint's no answers that mention it."
    )
    no_share_ci95: Interval = Field(description="Its 95 % (Wilson) interval.")


class IrritantTableOut(Schema):
    touchpoint: str = Field(description="The touchpoint's key; empty for none.")
    name: str
    score: str = Field(
        description="nps, csat, ces, rating or yes_no (value: % of yes)."
    )
    n: int
    value: float | None = Field(description="The touchpoint's NPS or mean score.")
    ci95: Interval = Field(description="95 % interval of the value, on its scale.")
    irritants: list[IrritantOut]


class IrritantsOut(Schema):
    since: datetime
    until: datetime
    method: str
    touchpoints: list[IrritantTableOut]


class PeriodQuery(Schema):
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None


class IrritantsQuery(PeriodQuery):
    touchpoint: MapKey | None = None
    survey: MapKey | None = None


class EmergingQuery(Schema):
    touchpoint: MapKey | None = None
    week: IsoWeek | None = Field(None, description="ISO week, e.g. 2026-W07.")


class EmergingItemOut(Schema):
    touchpoint: str
    touchpoint_name: str
    topic: TopicRefOut
    count: int = Field(description="This week's comments that mention the topic.")
    comments: int = Field(description="This week's comments at the touchpoint.")
    share: float
    baseline_count: int
    baseline_comments: int
    baseline_share: float | None = Field(description="Over the four weeks before.")
    previous_share: float | None = Field(description="Last week alone.")
    p_value: float
    q_value: float = Field(description="Benjamini–Hochberg adjusted.")
    emerging: bool


class EmergingOut(Schema):
    week: str
    since: datetime
    until: datetime
    baseline_since: datetime
    test: str
    items: list[EmergingItemOut]


class DriversQuery(PeriodQuery):
    target: Literal["nps", "csat"] = "nps"


class DriverOut(Schema):
    kind: Literal["touchpoint", "topic"]
    name: str
    touchpoint: str | None
    topic: TopicRefOut | None
    n: int = Field(description="Customers who answered there or mentioned it.")
    importance: float = Field(description="Share of the target's variance (0…1).")
    ci95: tuple[float, float]
    effect: float = Field(description="Target change per unit, the others held.")
    expected_gain: float = Field(description="Target change if it were fixed.")
    expected_gain_ci95: tuple[float, float]
    worst: bool


class DriversOut(Schema):
    target: str
    since: datetime
    until: datetime
    method: str
    customers: int = Field(description="Customers with a target answer (the n).")
    unlinked: int = Field(description="Target answers of nobody known; left out.")
    r2: float | None
    drivers: list[DriverOut]
    too_rare: list[str]
    reason: str


def _period(
    request: TenantRequest, query: PeriodQuery, days: int
) -> tuple[datetime, datetime]:
    """Default: `days` days up to the end of today (stable, so cached)."""
    since, until = selectors.default_period(workspace=request.workspace, days=days)
    try:
        if query.until:
            until = query.until
            since = until - timedelta(days=days)
    except OverflowError as error:
        raise InvalidInput("until is too early.", field="until") from error
    since = query.since or since
    if since >= until:
        raise InvalidInput("since must be before until.", field="since")
    return since, until


def _check_touchpoint(request: TenantRequest, key: str | None) -> None:
    if key:
        journey_selectors.touchpoint_get(workspace=request.workspace, key=key)


def _topic(topic: Any) -> dict[str, Any]:
    return {"number": topic.number, "label": topic.label}


def _irritant(row: selectors.IrritantRow) -> dict[str, Any]:
    irritant = row.irritant
    no_share = irritant.no_share
    return {
        "topic": _topic(row.topic),
        "n": irritant.n,
        "customers": irritant.customers,
        "score": irritant.score,
        "score_ci95": irritant.own.ci95,
        "rest_score": irritant.rest_score,
        "gap": irritant.gap,
        "ci95": irritant.ci95,
        "test": irritant.test,
        "p_value": irritant.p_value,
        "impact": irritant.impact,
        "lift": irritant.lift,
        "significant": irritant.significant,
        "no_share": no_share.value if no_share else None,
        "no_share_ci95": no_share.ci95 if no_share else None,
    }


@router.get("/irritants", response=IrritantsOut, summary="Irritants per touchpoint")
def irritant_list(
    request: TenantRequest, query: Query[IrritantsQuery]
) -> dict[str, Any]:
    """Per touchpoint and score, every topic ranked by customers × score gap."""
    since, until = _period(request, query, selectors.IRRITANT_DAYS)
    _check_touchpoint(request, query.touchpoint)
    if query.survey:
        survey_selectors.survey_get(workspace=request.workspace, key=query.survey)
    tables = selectors.irritant_report(
        workspace=request.workspace,
        since=since,
        until=until,
        touchpoint=query.touchpoint or None,
        survey=query.survey or None,
    )
    return {
        "since": since,
        "until": until,
        "method": str(irritants.METHOD),
        "touchpoints": [
            {
                "touchpoint": table.place.key,
                "name": table.place.name,
                "score": table.kind,
                "n": table.score.n,
                "value": table.score.value,
                "ci95": table.score.ci95,
                "irritants": [_irritant(row) for row in table.rows],
            }
            for table in tables
        ],
    }


def _week(request: TenantRequest, label: str | None) -> selectors.Week:
    day = None
    if label:
        try:
            day = selectors.iso_week_monday(label)
        except ValueError as error:
            first, last = selectors.FIRST_YEAR, selectors.LAST_YEAR
            raise InvalidInput(
                f"Not an ISO week between {first} and {last}.", field="week"
            ) from error
    return selectors.week_of(workspace=request.workspace, day=day)


@router.get("/emerging", response=EmergingOut, summary="Topics growing this week")
def emerging_list(
    request: TenantRequest, query: Query[EmergingQuery]
) -> dict[str, Any]:
    """Every topic mentioned this week, tested for growth; most significant first."""
    _check_touchpoint(request, query.touchpoint)
    week = _week(request, query.week)
    report = selectors.emerging_report(
        workspace=request.workspace,
        week=week,
        touchpoint=query.touchpoint or None,
    )
    return {
        "week": week.label,
        "since": week.start,
        "until": week.end,
        "baseline_since": report.baseline.start,
        "test": str(emerging.METHOD),
        "items": [
            {
                "touchpoint": row.place.key,
                "touchpoint_name": row.place.name,
                "topic": _topic(row.topic),
                "count": row.counts.count,
                "comments": row.counts.comments,
                "share": row.result.share,
                "baseline_count": row.counts.baseline_count,
                "baseline_comments": row.counts.baseline_comments,
                "baseline_share": row.result.baseline_share,
                "previous_share": row.result.previous_share,
                "p_value": row.result.p_value,
                "q_value": row.result.q_value,
                "emerging": row.result.emerging,
            }
            for row in report.rows
        ],
    }


@router.get("/drivers", response=DriversOut, summary="Key drivers of NPS or CSAT")
def driver_list(request: TenantRequest, query: Query[DriversQuery]) -> dict[str, Any]:
    """How much each touchpoint's score and each topic explains the target."""
    since, until = _period(request, query, selectors.DRIVER_DAYS)
    report = selectors.driver_report(
        workspace=request.workspace, target=query.target, since=since, until=until
    )
    worst = report.worst
    return {
        "target": report.target,
        "since": since,
        "until": until,
        "method": str(drivers.METHOD),
        "customers": report.customers,
        "unlinked": report.unlinked,
        "r2": report.analysis.r2 if report.analysis else None,
        "drivers": [
            {
                "kind": "topic" if row.topic else "touchpoint",
                "name": row.name,
                "touchpoint": row.touchpoint,
                "topic": _topic(row.topic) if row.topic else None,
                "n": row.driver.n,
                "importance": row.driver.importance,
                "ci95": row.driver.importance_ci95,
                "effect": row.driver.effect,
                "expected_gain": row.driver.expected_gain,
                "expected_gain_ci95": row.driver.expected_gain_ci95,
                "worst": row is worst,
            }
            for row in report.rows
        ],
        "too_rare": report.too_rare,
        "reason": report.reason,
    }
