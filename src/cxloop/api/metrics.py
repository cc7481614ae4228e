"""/metrics/{nps|csat|ces|rating}: a metric per group, with honest statistics.

Registered after any literal /metrics/... route (e.g. /metrics/linkage),
which therefore wins over the metric parameter.
"""

from datetime import date
from typing import Annotated, Any, Literal

from django.http import HttpResponse
from ninja import Path, Query, Router, Schema
from pydantic import AfterValidator, Field, StringConstraints

from cxloop.accounts.tenancy import TenantRequest
from cxloop.api.responses import Channel
from cxloop.errors import InvalidInput
from cxloop.insights import exports, metrics, selectors
from cxloop.insights.metrics import MetricFilter, MetricGroup

router = Router(tags=["metrics"])

MetricName = Literal["nps", "csat", "ces", "rating"]
FilterKey = Annotated[
    str, StringConstraints(max_length=100, pattern=r"^[A-Za-z0-9_.:\-]+$")
]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError("must be between 1900-01-01 and 2999-12-31")
    return value


Day = Annotated[date, AfterValidator(_in_range)]
Interval = tuple[float, float] | None


class MetricPath(Schema):
    metric: MetricName


class MetricQuery(Schema):
    group_by: str | None = Field(
        None,
        max_length=80,
        description=(
            "touchpoint, stage, survey, channel, language, segment, order_value, "
            "owner, team, day, week, month, or attribute:<name> (a customer "
            "attribute). Without it, only `overall`."
        ),
    )
    since: Day | None = Field(
        None,
        description="First local day (workspace time zone); also turns on "
        "the comparison with the period of the same length before it.",
    )
    until: Day | None = Field(
        None, description="Last local day; with `since` alone, today."
    )
    touchpoint: FilterKey | None = None
    stage: FilterKey | None = Field(None, description="A stage's key.")
    survey: FilterKey | None = Field(None, description="A survey's key.")
    channel: Channel | None = None
    language: Language | None = None
    segment: Literal["new", "returning", "unknown"] | None = None
    format: Literal["json", "csv", "parquet"] = "json"


class GroupOut(Schema):
    key: str = Field(description="Machine key; empty for the whole selection.")
    label: str
    value: float | None = Field(
        description="NPS points, % top-2-box (CSAT), mean 1–7 (CES) or % 4–5 stars."
    )
    ci95: Interval
    n: int
    secondary: float | None = Field(
        description="CSAT and stars: the mean; CES: % easy (5–7); NPS: null."
    )
    secondary_ci95: Interval
    previous: float | None = Field(description="Same group, the previous period.")
    previous_n: int | None
    change: float | None = Field(description="value − previous, on the same scale.")
    change_ci95: Interval
    significant: bool = Field(description="The change's test has p < 0.05.")
    p_value: float | None
    too_small: bool = Field(description="n is below the workspace's minimum_n.")


class MetricOut(Schema):
    metric: MetricName
    method: str = Field(description="How `ci95` is computed.")
    test: str = Field(description="How a change is tested.")
    minimum_n: int
    since: date | None
    until: date | None
    group_by: str | None
    overall: GroupOut
    items: list[GroupOut]


def _filters(query: MetricQuery) -> MetricFilter:
    return MetricFilter(
        since=query.since,
        until=query.until,
        touchpoint=query.touchpoint,
        stage=query.stage,
        survey=query.survey,
        channel=query.channel,
        language=query.language,
        segment=query.segment,
    )


def _export(metric: str, groups: list[MetricGroup], kind: str) -> HttpResponse:
    rows = exports.table_rows(metric, groups)
    if kind == "csv":
        response = HttpResponse(
            exports.table_csv(rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.table_parquet(rows), content_type="application/vnd.apache.parquet"
        )
    response["Content-Disposition"] = f'attachment; filename="{metric}.{kind}"'
    return response


@router.get(
    "/metrics/{metric}",
    response=MetricOut,
    summary="A metric overall and per group, with intervals and tested changes",
    openapi_extra={
        "responses": {
            200: {
                "description": "The metric as JSON, or its table as CSV or Parquet",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/MetricOut"}
                    },
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.apache.parquet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def metric_get(
    request: TenantRequest, path: Path[MetricPath], query: Query[MetricQuery]
) -> Any:
    """Each group: `{key, label, value, ci95, n, previous, change, significant,
    p_value, too_small}`; previous/change need `since`."""
    metric, workspace = path.metric, request.workspace
    if query.group_by is not None and not metrics.is_group_by(query.group_by):
        raise InvalidInput("Unknown grouping.", field="group_by")
    filters = _filters(query)
    overall = selectors.metric_summary(
        workspace=workspace, metric=metric, filters=filters
    )
    groups = (
        selectors.metric_groups(
            workspace=workspace, metric=metric, group_by=query.group_by, filters=filters
        )
        if query.group_by
        else []
    )
    if query.format != "json":
        return _export(metric, groups or [overall], query.format)
    return {
        "metric": metric,
        "method": metrics.interval_method(metric),
        "test": metrics.change_test(metric),
        "minimum_n": selectors.minimum_n(workspace=workspace),
        "since": query.since,
        "until": query.until,
        "group_by": query.group_by,
        "overall": exports.group_record(overall),
        "items": [exports.group_record(group) for group in groups],
    }
