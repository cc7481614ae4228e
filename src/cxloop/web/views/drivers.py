"""The Irritants and Drivers pages: what the comments say about the scores."""

import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.accounts.tenancy import TenantRequest
from cxloop.surveys import selectors as survey_selectors
from cxloop.textanalysis import (
    drivers,
    emerging,
    irritants,
    selectors,
    topic_selectors,
)
from cxloop.web.decorators import workspace_required
from cxloop.web.forms.drivers import (
    NO_TOUCHPOINT,
    DriverFilterForm,
    IrritantFilterForm,
)
from cxloop.web.forms.period import filters_of

CHART_ROWS = 15


def _period(
    workspace: Workspace, filters: Mapping[str, Any], days: int
) -> tuple[datetime, datetime]:
    """The chosen days as instants in the workspace's zone; `until` included."""
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    since, until = selectors.default_period(workspace=workspace, days=days)
    last: date | None = filters.get("until")
    if last:
        until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        since = until - timedelta(days=days)
    first: date | None = filters.get("since")
    if first:
        since = datetime.combine(first, time.min, tzinfo=zone)
    return since, until


def _scale(kind: str) -> dict[str, Any]:
    """How a score kind reads: its name and the decimals worth showing."""
    names = {
        "nps": _("NPS (−100 to 100)"),
        "csat": _("CSAT (mean, 1–5)"),
        "ces": _("Effort (mean, 1–7, higher is easier)"),
        "rating": _("Stars (mean, 1–5)"),
        "yes_no": _("Yes answers (%)"),
    }
    return {"name": names[kind], "digits": 0 if kind in ("nps", "yes_no") else 2}


def _irritant_tables(
    tables: list[selectors.IrritantTable], flagged: set[tuple[str, int]]
) -> list[dict[str, Any]]:
    shown = []
    for index, table in enumerate(tables):
        rows = [
            {
                "topic": row.topic,
                "i": row.irritant,
                "emerging": (table.place.key, row.topic.pk) in flagged,
            }
            for row in table.rows
        ]
        top = table.rows[:CHART_ROWS]
        chart = {
            "labels": [row.topic.label for row in top],
            "values": [round(row.irritant.impact, 2) for row in top],
            "unit": _("Impact: customers × points lower"),
        }
        shown.append(
            {
                "table": table,
                "scale": _scale(table.kind),
                # The name comes from cxloop.stats, marked there.
                "test": _(table.rows[0].irritant.test) if table.rows else "",
                "rows": rows,
                "chart": chart if len(top) > 1 else None,
                "chart_id": f"irritant-chart-{index}",
                "chart_height": 40 + 26 * len(top),
            }
        )
    return shown


@workspace_required()
def irritant_list(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    form = IrritantFilterForm(
        request.GET or None,
        touchpoints=[
            (p.key, p.name) for p in selectors.touchpoint_choices(workspace=workspace)
        ],
        surveys=[
            (s.key, s.display_name)
            for s in survey_selectors.survey_list(workspace=workspace)
        ],
    )
    filters = filters_of(form)
    since, until = _period(workspace, filters, selectors.IRRITANT_DAYS)
    chosen = filters.get("touchpoint") or None
    touchpoint = "" if chosen == NO_TOUCHPOINT else chosen
    week = selectors.week_of(workspace=workspace, day=filters.get("week"))
    report = selectors.emerging_report(
        workspace=workspace, week=week, touchpoint=touchpoint
    )
    tables = selectors.irritant_report(
        workspace=workspace,
        since=since,
        until=until,
        touchpoint=touchpoint,
        survey=filters.get("survey") or None,
    )
    flagged = {(row.place.key, row.topic.pk) for row in report.flagged}
    context = {
        "form": form,
        "since": since,
        "until": until - timedelta(seconds=1),
        "tables": _irritant_tables(tables, flagged),
        "emerging": report,
        "topic_count": topic_selectors.topic_queryset(workspace=workspace).count(),
        # Only the empty state shows it; the template asks only then.
        "comment_count": lambda: topic_selectors.comment_count(workspace=workspace),
        "topics_after": selectors.TOPICS_AFTER_COMMENTS,
        "method": irritants.METHOD,
        "emerging_method": emerging.METHOD,
        "filtered": bool(request.GET),
    }
    return render(request, "web/drivers/irritants.html", context)


def _driver_row(row: selectors.DriverRow) -> dict[str, Any]:
    low, high = row.driver.importance_ci95
    gain_low, gain_high = row.driver.expected_gain_ci95
    return {
        "row": row,
        "importance": 100 * row.driver.importance,
        "low": 100 * low,
        "high": 100 * high,
        # The data can't tell whether fixing it would help at all.
        "uncertain": gain_low <= 0 <= gain_high,
    }


@workspace_required()
def driver_list(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    form = DriverFilterForm(request.GET or None)
    filters = filters_of(form)
    since, until = _period(workspace, filters, selectors.DRIVER_DAYS)
    target = filters.get("target") or "nps"
    report = selectors.driver_report(
        workspace=workspace, target=target, since=since, until=until
    )
    top = report.rows[:CHART_ROWS]
    context = {
        "rows": [_driver_row(row) for row in report.rows],
        "form": form,
        "since": since,
        "until": until - timedelta(seconds=1),
        "report": report,
        "r2_percent": 100 * report.analysis.r2 if report.analysis else None,
        "target_name": _("NPS") if target == "nps" else _("overall CSAT"),
        "unit": _("NPS points") if target == "nps" else _("CSAT points"),
        "digits": 1 if target == "nps" else 2,
        "method": drivers.METHOD,
        "topic_count": topic_selectors.topic_queryset(workspace=workspace).count(),
        "topics_after": selectors.TOPICS_AFTER_COMMENTS,
        "chart": {
            "labels": [row.name for row in top],
            "values": [round(100 * row.driver.importance, 2) for row in top],
            "unit": _("Variance explained (%)"),
        },
        "chart_height": 40 + 26 * len(top),
    }
    return render(request, "web/drivers/drivers.html", context)
