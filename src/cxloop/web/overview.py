"""The Overview page's parts, each from one selector call or a few.

Every figure comes from `cxloop.insights` (metrics), `textanalysis`
(irritants) and `cases` (open cases, SLA); this module only picks the
calls and shapes the results for the template and the charts. No part
loops over touchpoints with a query each.
"""

import zoneinfo
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cxloop import stats
from cxloop.accounts.models import Workspace
from cxloop.cases import recovery
from cxloop.cases import selectors as case_selectors
from cxloop.cases.models import Case
from cxloop.insights import selectors as insights
from cxloop.insights.metrics import Metric, MetricFilter, MetricGroup
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response
from cxloop.textanalysis import selectors as text_selectors
from cxloop.web import figures, shares, touchpoint_scores
from cxloop.web.forms.overview import Period

HEADLINE_METRICS: tuple[Metric, ...] = ("nps", "csat", "ces")
TREND_DAYS = 364
MOVERS_SHOWN = 6
IRRITANTS_SHOWN = 5
COMMENTS_SHOWN = 5
# The heat map's widest row; a stage with more touchpoints wraps.
MAX_COLUMNS = 6
# How the Irritants page measures a gap per kind of score, and its digits.
IRRITANT_UNITS = {
    "nps": (gettext_lazy("NPS points"), 0),
    "csat": (gettext_lazy("points of mean CSAT (1–5)"), 2),
    "ces": (gettext_lazy("points of mean effort (1–7)"), 2),
    "rating": (gettext_lazy("stars (mean)"), 2),
    "yes_no": (gettext_lazy("percentage points of yes"), 0),
}


@dataclass(frozen=True)
class Scope:
    """What the filters chose: the page's every part reads this."""

    workspace: Workspace
    period: Period
    segment: str = ""
    channel: str = ""

    @property
    def filters(self) -> MetricFilter:
        return MetricFilter(
            since=self.period.since,
            until=self.period.until,
            segment=self.segment or None,
            channel=self.channel or None,
        )

    @property
    def instants(self) -> tuple[datetime, datetime]:
        """The period as instants in the workspace's zone, the end excluded."""
        zone = zoneinfo.ZoneInfo(self.workspace.timezone)
        start = datetime.combine(self.period.since, time.min, tzinfo=zone)
        end = datetime.combine(
            self.period.until + timedelta(days=1), time.min, tzinfo=zone
        )
        return start, end

    @property
    def previous(self) -> Period:
        days = timedelta(days=self.period.days)
        return Period(self.period.since - days, self.period.until - days, False)


# Headlines and trends --------------------------------------------------------


def headlines(scope: Scope, minimum: int) -> list[dict[str, Any]]:
    shown = []
    for metric in HEADLINE_METRICS:
        group = insights.metric_summary(
            workspace=scope.workspace, metric=metric, filters=scope.filters
        )
        scale = figures.SCALES[metric]
        figure = figures.figure(group.estimate, scale, minimum, group.comparison)
        previous = group.previous
        figure["previous"] = (
            figures.value_text(previous.value, scale) if previous else ""
        )
        figure["previous_n"] = previous.n if previous else 0
        figure["previous_small"] = (
            figures.too_small_text(previous.n, minimum)
            if previous and 0 < previous.n < minimum
            else ""
        )
        shown.append(figure)
    return shown


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def trend_since(period: Period) -> date:
    """A year of weeks up to the period's end, or the period if longer."""
    return min(period.since, period.until - timedelta(days=TREND_DAYS))


def trends(scope: Scope, minimum: int) -> list[dict[str, Any]]:
    """Weekly figures of each headline metric, for a chart and its table."""
    filters = replace(scope.filters, since=trend_since(scope.period))
    shown = []
    for metric in HEADLINE_METRICS:
        scale = figures.SCALES[metric]
        weeks = insights.metric_trend(
            workspace=scope.workspace, metric=metric, filters=filters, bucket="week"
        )
        digits = scale.digits
        shown_weeks = [figures.figure(w.estimate, scale, minimum) for w in weeks]
        rows = [
            {"label": week.label, "figure": figure}
            for week, figure in zip(weeks, shown_weeks, strict=True)
        ]
        chart = {
            "name": str(scale.name),
            "labels": [_short_week(week) for week in weeks],
            "titles": [week.label for week in weeks],
            "values": [_rounded(w.estimate.value, digits) for w in weeks],
            "low": [_rounded(w.estimate.low, digits) for w in weeks],
            "high": [_rounded(w.estimate.high, digits) for w in weeks],
            "n": [w.estimate.n for w in weeks],
            "value_texts": [figure["value"] for figure in shown_weeks],
            "interval_texts": [figure["interval"] for figure in shown_weeks],
            "minimum": minimum,
            "decimal": formats.get_format("DECIMAL_SEPARATOR"),
            "percent": scale.percent,
            "band_label": _("95 % CI"),
            "small_label": _("fewer than %(minimum)s answers") % {"minimum": minimum},
            "value_label": str(scale.name),
            "n_label": _("answers"),
        }
        shown.append(
            {
                "metric": metric,
                "scale": scale,
                "rows": rows,
                "chart": chart,
                "chart_id": f"trend-{metric}",
                "answered": any(w.estimate.n for w in weeks),
            }
        )
    return shown


def _short_week(week: MetricGroup) -> str:
    """The week's Monday as a short date for the chart's axis."""
    year, number = week.key.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return formats.date_format(monday, "SHORT_DATE_FORMAT")


# The journey heat map and movers -------------------------------------------------


def heatmap(
    scope: Scope, journey: touchpoint_scores.JourneyScores, metric: str
) -> list[dict[str, Any]]:
    """Stages × touchpoints; `metric` "" gives each touchpoint its own."""
    if not metric:
        return [
            {
                "key": stage.key,
                "label": stage.display_name,
                "cells": [
                    {"key": t.key, "label": t.display_name, "figure": figure}
                    for t, figure in cells
                ],
            }
            for stage, cells in journey.stages()
        ]
    scale = figures.SCALES[metric]
    rows = insights.metric_heatmap(
        workspace=scope.workspace,
        metric=metric,  # type: ignore[arg-type]
        filters=scope.filters,
    )
    return [
        {
            "key": row.stage_key,
            "label": row.stage_label,
            "cells": [
                {
                    "key": cell.key,
                    "label": cell.label,
                    "figure": figures.figure(cell.estimate, scale, journey.minimum),
                }
                for cell in row.cells
            ],
        }
        for row in rows
    ]


def movers(journey: touchpoint_scores.JourneyScores) -> list[dict[str, Any]]:
    """Touchpoints whose score changed significantly, the biggest first.

    The same groups as `insights.metric_movers` (metric by touchpoint
    against the previous period), read once with the heat map's and
    with the yes/no touchpoints added.
    """
    shown = []
    for touchpoint, score in journey.movers()[:MOVERS_SHOWN]:
        scale = figures.SCALES[score.metric]
        previous = score.previous
        shown.append(
            {
                "key": touchpoint.key,
                "label": touchpoint.display_name,
                "figure": figures.figure(
                    score.estimate, scale, journey.minimum, score.comparison
                ),
                "previous": figures.value_text(
                    previous.value if previous else None, scale
                ),
            }
        )
    return shown


# Irritants, cases, comments -----------------------------------------------------------


def top_irritants(scope: Scope) -> list[dict[str, Any]]:
    """The topics that pull a touchpoint's score down most, as Irritants ranks.

    Only gaps the test finds significant; the Irritants page lists the rest.
    """
    since, until = scope.instants
    tables = text_selectors.irritant_report(
        workspace=scope.workspace, since=since, until=until
    )
    rows = [
        (table, row)
        for table in tables
        for row in table.rows
        if row.irritant.significant and row.irritant.impact > 0
    ]
    rows.sort(key=lambda item: -item[1].irritant.impact)
    shown = []
    for table, row in rows[:IRRITANTS_SHOWN]:
        irritant = row.irritant
        unit, digits = IRRITANT_UNITS.get(table.kind, ("", 2))
        shown.append(
            {
                "topic": row.topic,
                "place": table.place,
                "gap": figures.number(irritant.gap or 0.0, digits),
                "unit": unit,
                "customers": irritant.customers,
                "test": f"{_(irritant.test)}, {figures.p_text(irritant.p_value)}"
                if irritant.p_value is not None
                else "",
            }
        )
    return shown


@dataclass(frozen=True)
class CaseFigures:
    open_by_priority: list[tuple[str, str, int]]  # (key, label, count)
    open_total: int
    sla: recovery.Proportion
    sla_figure: dict[str, Any]


def case_figures(scope: Scope, minimum: int) -> CaseFigures:
    counts = case_selectors.case_open_counts(workspace=scope.workspace)
    # Most urgent first, as an agent reads them.
    order = list(reversed(Case.Priority.choices))
    attainment = recovery.sla_attainment(
        workspace=scope.workspace,
        since=scope.period.since,
        until=scope.period.until,
        min_n=minimum,
    )
    scale = figures.SCALES["yes_no"]
    low, high = attainment.ci95 if attainment.ci95 else (None, None)
    estimate = stats.Estimate(
        attainment.value, low, high, attainment.n, stats.WILSON_METHOD
    )
    return CaseFigures(
        open_by_priority=[
            (key, str(label), counts.get(key, 0)) for key, label in order
        ],
        open_total=sum(counts.values()),
        sla=attainment,
        sla_figure=figures.figure(estimate, scale, minimum),
    )


def latest_comments(scope: Scope) -> QuerySet[Response]:
    since, until = scope.instants
    responses = survey_selectors.response_list(
        workspace=scope.workspace,
        channel=scope.channel or None,
        since=since,
        until=until,
    ).exclude(comment="")
    return shares.in_segment(responses, scope.segment or None)[:COMMENTS_SHOWN]


def figures_of(scope: Scope, heat: str) -> dict[str, Any]:
    """Every part of the measured page, for the template."""
    minimum = insights.minimum_n(workspace=scope.workspace)
    journey = touchpoint_scores.journey_scores(
        workspace=scope.workspace, filters=scope.filters, minimum=minimum
    )
    heat_rows = heatmap(scope, journey, heat)
    return {
        "minimum": minimum,
        "headlines": headlines(scope, minimum),
        "trend_since": trend_since(scope.period),
        "trends": trends(scope, minimum),
        "heat_rows": heat_rows,
        # One width for every stage's cells, so the columns line up.
        "heat_columns": min(
            MAX_COLUMNS, max((len(row["cells"]) for row in heat_rows), default=1)
        ),
        "movers": movers(journey),
        "irritants": top_irritants(scope),
        "cases": case_figures(scope, minimum),
        "comments": latest_comments(scope),
    }
