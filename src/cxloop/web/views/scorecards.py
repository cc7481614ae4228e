"""Team scorecards: the list of teams and owners, and one printable card each.

Everyone in the workspace reads them. The figures come from
`cxloop.insights.scorecards`; this view picks the period the filter allows
and shapes the trend for the chart and its table.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop import stats
from cxloop.accounts.tenancy import TenantRequest
from cxloop.insights import scorecards
from cxloop.insights import selectors as insights
from cxloop.insights.metrics import interval_method
from cxloop.web import figures
from cxloop.web.decorators import workspace_required
from cxloop.web.forms.period import BoundedPeriodForm, filters_of, form_show


@workspace_required()
def scorecard_list(request: TenantRequest) -> HttpResponse:
    entries = scorecards.scorecard_list(workspace=request.workspace)
    context = {
        "teams": [entry for entry in entries if entry.kind == "team"],
        "owners": [entry for entry in entries if entry.kind == "owner"],
    }
    return render(request, "web/insights/scorecard_list.html", context)


def _trend_points(score: scorecards.TouchpointScore) -> list[dict[str, Any]]:
    """The chart's points: value and interval per month, None where empty."""
    return [
        {
            "label": group.label,
            "value": group.estimate.value,
            "low": group.estimate.low,
            "high": group.estimate.high,
            "n": group.estimate.n,
            "small": group.too_small,
        }
        for group in score.trend
    ]


@workspace_required()
def scorecard_detail(request: TenantRequest, kind: str, key: str) -> HttpResponse:
    form = BoundedPeriodForm(request.GET or None, today=timezone.localdate())
    filters = filters_of(form)
    with insights.reads_shared():
        card = scorecards.scorecard_get(
            workspace=request.workspace,
            kind=kind,
            key=key,
            since=filters.get("since"),
            until=filters.get("until"),
        )
    form_show(form, {"since": card.since.isoformat(), "until": card.until.isoformat()})
    rows = [
        {
            "score": score,
            "method": _(interval_method(score.metric)) if score.metric else "",
            "points": _trend_points(score),
            # The Overview's scale: ends, decimals, whether a share in %.
            "scale": figures.SCALES[score.metric] if score.metric else None,
        }
        for score in card.touchpoints
    ]
    context = {
        "form": form,
        "card": card,
        "rows": rows,
        "wilson": _(stats.WILSON_METHOD),
        "filtered": bool(request.GET),
    }
    return render(request, "web/insights/scorecard_detail.html", context)
