"""The Overview: how customers feel, measured, with what to act on.

Before the first response it is a setup checklist (members, API keys, the
worker); from then on the measured page of `cxloop.web.overview`.
"""

import zoneinfo
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts import selectors, tenancy
from cxloop.accounts.tenancy import TenantRequest
from cxloop.insights import selectors as insights
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.web import figures
from cxloop.web import overview as parts
from cxloop.web.decorators import workspace_required
from cxloop.web.forms.overview import OverviewFilterForm
from cxloop.web.forms.period import filters_of
from cxloop.worker import selectors as worker_selectors

HEAT_METRICS = ("nps", "csat", "ces", "rating")


def _first_run(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    context = {
        "first_run": True,
        "member_count": selectors.membership_list(workspace=workspace).count(),
        "active_key_count": selectors.apikey_list(workspace=workspace)
        .filter(revoked_at__isnull=True)
        .count(),
        "worker_last_seen": worker_selectors.heartbeat_last_seen(),
    }
    return render(request, "web/overview.html", context)


def _heat_options(query: QueryDict, chosen: str) -> list[dict[str, Any]]:
    """Links that change only what the heat map shows; the filters stay."""
    options = [
        ("", _("Own question")),
        *((m, figures.SCALES[m].name) for m in HEAT_METRICS),
    ]
    shown = []
    for key, label in options:
        changed = query.copy()
        changed.pop("heat", None)
        if key:
            changed["heat"] = key
        shown.append(
            {"query": changed.urlencode(), "label": label, "current": key == chosen}
        )
    return shown


def _band_rules() -> list[str]:
    rules = []
    for scale in figures.SCALES.values():
        if not scale.banded:
            continue
        good = figures.value_text(scale.good, scale)
        poor = figures.value_text(scale.poor, scale)
        rules.append(
            _("%(name)s: good from %(good)s, poor below %(poor)s")
            % {"name": scale.name, "good": good, "poor": poor}
        )
    return rules


def _choice_label(form: OverviewFilterForm, name: str, value: str) -> str:
    choices = dict(form.fields[name].choices)  # type: ignore[attr-defined]
    return str(choices.get(value, value))


@workspace_required()
def overview(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    if not survey_selectors.response_list(workspace=workspace).exists():
        return _first_run(request)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(workspace.timezone)).date()
    form = OverviewFilterForm(request.GET or None, today=today)
    chosen = filters_of(form)
    heat = request.GET.get("heat", "")
    heat = heat if heat in HEAT_METRICS else ""
    scope = parts.Scope(
        workspace=workspace,
        period=form.chosen_period(),
        segment=chosen.get("segment") or "",
        channel=chosen.get("channel") or "",
    )
    context = {
        "form": form,
        "filtered": bool(request.GET),
        "period": scope.period,
        "previous": scope.previous,
        "segment_label": _choice_label(form, "segment", scope.segment),
        "channel_label": _choice_label(form, "channel", scope.channel),
        "channel": scope.channel,
        "heat": heat,
        "heat_scale": figures.SCALES.get(heat),
        "heat_options": _heat_options(request.GET, heat),
        "band_rules": _band_rules(),
        "touchpoint_names": journey_selectors.touchpoint_names(workspace=workspace),
    }
    with insights.reads_shared():
        context.update(parts.figures_of(scope, heat))
    return render(request, "web/overview.html", context)


@require_POST
@login_required
def workspace_switch(request: TenantRequest) -> HttpResponse:
    tenancy.switch_workspace(request, slug=request.POST.get("workspace", ""))
    return redirect("web:overview")
