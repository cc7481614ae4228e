"""The CX and business page: what customers did after they answered."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cxloop.accounts.tenancy import TenantRequest
from cxloop.insights import linkage
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.web.decorators import workspace_required
from cxloop.web.forms.business import BusinessFilterForm
from cxloop.web.forms.period import filters_of


def _chart(bands: list[linkage.BandOutcome], unit: str) -> dict[str, Any]:
    """Revenue per customer per band, with its interval, for business-charts.js."""
    shown = [band for band in bands if band.revenue.value is not None]
    return {
        "labels": [
            _("%(band)s, n = %(n)s") % {"band": band.label, "n": band.customers}
            for band in shown
        ],
        "values": [round(band.revenue.value or 0, 2) for band in shown],
        "lows": [_round(band.revenue.low) for band in shown],
        "highs": [_round(band.revenue.high) for band in shown],
        # Too few customers: drawn hatched and pale, as the table greys them.
        "faint": [band.too_small for band in shown],
        "unit": unit,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@workspace_required()
def insights_business(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    form = BusinessFilterForm(
        request.GET or None,
        touchpoints=[
            (t.key, t.display_name)
            for t in journey_selectors.touchpoint_list(workspace=workspace)
        ],
        surveys=[
            (s.key, s.display_name)
            for s in survey_selectors.survey_list(workspace=workspace)
        ],
    )
    filters = filters_of(form)
    report = linkage.linkage_report(
        workspace=workspace,
        window_days=filters.get("window") or linkage.WINDOWS[0],
        filters=linkage.LinkageFilter(
            since=filters.get("since"),
            until=filters.get("until"),
            touchpoint=filters.get("touchpoint") or None,
            survey=filters.get("survey") or None,
        ),
    )
    unit = _("Revenue per customer (%(currency)s)") % {
        "currency": report.currency or "—"
    }
    tables = [
        {"table": table, "chart": _chart(table.bands, unit), "id": f"tp-{index}"}
        for index, table in enumerate(report.touchpoints)
    ]
    context = {
        "form": form,
        "filtered": bool(request.GET),
        "report": report,
        "methods": linkage.method_sentences(report),
        "nps_chart": _chart(report.nps, unit),
        # "promoters spent 5 less", not "-5 more"
        "point_gap": abs(report.point_value.difference or 0),
        "tables": tables,
    }
    return render(request, "web/insights/business.html", context)
