"""/metrics/linkage: what customers did after they answered, per band."""

from datetime import date
from typing import Annotated, Any, Literal

from ninja import Query, Router, Schema
from pydantic import AfterValidator, Field, StringConstraints

from cxloop import stats
from cxloop.accounts.tenancy import TenantRequest
from cxloop.insights import linkage
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response

router = Router(tags=["metrics"])

MapKey = Annotated[
    str,
    StringConstraints(max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$"),
]
Interval = tuple[float, float] | None


def _a_window(days: int) -> int:
    if days not in linkage.WINDOWS:
        raise ValueError("must be 90 or 180")
    return days


Window = Annotated[int, AfterValidator(_a_window)]


class LinkageQuery(Schema):
    window: Window = Field(
        90,
        description="Days after each answer: 90 or 180.",
        json_schema_extra={"enum": list(linkage.WINDOWS)},
    )
    since: date | None = Field(None, description="First day of answers (local).")
    until: date | None = Field(None, description="Last day of answers (local).")
    touchpoint: MapKey | None = None
    survey: MapKey | None = None
    channel: Response.Channel | None = None


class EstimateOut(Schema):
    value: float | None
    ci95: Interval
    n: int
    method: str


class BandOut(Schema):
    key: str
    label: str
    n: int = Field(description="Customers whose window is over (one answer each).")
    too_small: bool = Field(description="n is below the workspace's minimum.")
    revenue: EstimateOut = Field(
        description="Mean revenue per customer in the window, net of refunds."
    )
    orders: EstimateOut = Field(description="Mean orders per customer in the window.")
    bought_again: EstimateOut = Field(
        description="% who placed at least one order in the window."
    )
    churned: EstimateOut | None = Field(
        description="% with no order within the shop's usual time between orders "
        "(its own n); null when the shop has too few repeat orders."
    )
    churn_too_small: bool


class TouchpointBandsOut(Schema):
    touchpoint: str = Field(description="The touchpoint's key; empty for none.")
    name: str
    score: Literal["csat", "rating", "ces"]
    bands: list[BandOut]


class PointValueOut(Schema):
    value: float | None = Field(
        description="Revenue per customer in the window per NPS point."
    )
    ci95: Interval
    difference: float | None = Field(
        description="Promoters' mean revenue − detractors'."
    )
    difference_ci95: Interval
    method: str
    promoters: int
    detractors: int
    too_small: bool
    clear: bool = Field(description="Whether the interval leaves out zero.")


class ChurnOut(Schema):
    days: int | None = Field(
        description="The shop's usual time between orders: the 90th percentile "
        "of the gaps between a customer's consecutive orders."
    )
    percentile: int = 90
    median_days: float | None
    gaps: int = Field(description="Gaps between consecutive orders it is learnt from.")
    answered_before: date | None


class LinkageOut(Schema):
    window: int
    since: date
    answered_before: date = Field(
        description="Only answers before this day have a full window."
    )
    currency: str | None = Field(description="Revenue counts this currency only.")
    customers: int
    unlinked: int = Field(description="Answers of unknown people, left out.")
    minimum_n: int
    methods: dict[str, str]
    churn: ChurnOut
    nps: list[BandOut]
    touchpoints: list[TouchpointBandsOut]
    point_value: PointValueOut


def _estimate(estimate: stats.Estimate) -> dict[str, Any]:
    return {
        "value": estimate.value,
        "ci95": estimate.ci95,
        "n": estimate.n,
        "method": estimate.method,
    }


def _band(band: linkage.BandOutcome) -> dict[str, Any]:
    return {
        "key": band.key,
        "label": band.label,
        "n": band.customers,
        "too_small": band.too_small,
        "revenue": _estimate(band.revenue),
        "orders": _estimate(band.orders),
        "bought_again": _estimate(band.bought_again),
        "churned": _estimate(band.churned) if band.churned else None,
        "churn_too_small": band.churn_too_small,
    }


def _point_value(value: linkage.PointValue) -> dict[str, Any]:
    low, high = value.difference_low, value.difference_high
    return {
        "value": value.value,
        "ci95": value.ci95,
        "difference": value.difference,
        "difference_ci95": None if low is None or high is None else (low, high),
        "method": value.method,
        "promoters": value.promoters,
        "detractors": value.detractors,
        "too_small": value.too_small,
        "clear": value.clear,
    }


@router.get("/metrics/linkage", response=LinkageOut, summary="CX and business linkage")
def linkage_get(request: TenantRequest, query: Query[LinkageQuery]) -> dict[str, Any]:
    """Revenue, orders, buying again and lapsing after answers, per NPS band
    and touchpoint score band, each with n and a 95 % interval; associations,
    not causes."""
    workspace = request.workspace
    if query.touchpoint:
        journey_selectors.touchpoint_get(workspace=workspace, key=query.touchpoint)
    if query.survey:
        survey_selectors.survey_get(workspace=workspace, key=query.survey)
    report = linkage.linkage_report(
        workspace=workspace,
        window_days=query.window,
        filters=linkage.LinkageFilter(
            since=query.since,
            until=query.until,
            touchpoint=query.touchpoint,
            survey=query.survey,
            channel=query.channel,
        ),
    )
    return {
        "window": report.window_days,
        "since": report.since,
        "answered_before": report.answered_before,
        "currency": report.currency,
        "customers": report.customers,
        "unlinked": report.unlinked,
        "minimum_n": report.minimum,
        "methods": linkage.method_sentences(report),
        "churn": {
            "days": report.churn.days,
            "median_days": report.churn.median_days,
            "gaps": report.churn.gaps,
            "answered_before": report.churn.answered_before,
        },
        "nps": [_band(band) for band in report.nps],
        "touchpoints": [
            {
                "touchpoint": table.touchpoint,
                "name": table.label,
                "score": table.score,
                "bands": [_band(band) for band in table.bands],
            }
            for table in report.touchpoints
        ],
        "point_value": _point_value(report.point_value),
    }
