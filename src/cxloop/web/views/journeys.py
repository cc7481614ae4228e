"""The journey map: stages × touchpoints with volume, satisfaction and drop-off,
a funnel, and (for admins) editing a touchpoint."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.insights import selectors as insights
from cxloop.insights.metrics import MetricFilter
from cxloop.journeys import funnels, selectors, services, sessions
from cxloop.journeys.models import Touchpoint
from cxloop.web import touchpoint_scores
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms import journeys as forms


@dataclass(frozen=True)
class Preset:
    key: str
    label: str | Promise
    steps: list[str]


PRESETS = [
    Preset(
        "shopping",
        gettext_lazy("Search to order"),
        ["search", "product_viewed", "cart_added", "checkout_started", "order_placed"],
    ),
    Preset(
        "checkout",
        gettext_lazy("Cart to payment"),
        ["cart_added", "checkout_started", "order_placed", "order_paid"],
    ),
    Preset(
        "after_order",
        gettext_lazy("Order to delivery"),
        ["order_placed", "order_paid", "order_delivered"],
    ),
]


@dataclass(frozen=True)
class Card:
    touchpoint: Touchpoint
    activity: funnels.TouchpointActivity
    # The touchpoint's own score: `web.figures.figure`.
    figure: dict[str, Any]
    time: sessions.SectionTime | None = None

    @property
    def average_time(self) -> str:
        return _duration(self.time.average_seconds if self.time else None)

    @property
    def quick_percent(self) -> int | None:
        return _percent(self.time.quick_share if self.time else None)

    @property
    def band(self) -> str:
        if self.figure.get("small") and not self.figure.get("empty"):
            return "small"
        return str(self.figure.get("band", "none"))


def _cards(
    request: TenantRequest, since: datetime, until: datetime, days: int
) -> tuple[list[tuple[Any, list[Card]]], sessions.Abandonment, int]:
    workspace = request.workspace
    today = timezone.localdate(until, zoneinfo.ZoneInfo(workspace.timezone))
    minimum = insights.minimum_n(workspace=workspace)
    with insights.reads_shared():
        scores = touchpoint_scores.journey_scores(
            workspace=workspace,
            filters=MetricFilter(since=today - timedelta(days=days - 1), until=today),
            minimum=minimum,
        )
    touchpoints = [t for _stage, tps in scores.journey for t in tps]
    left = sessions.abandonment(
        workspace=workspace, touchpoints=touchpoints, since=since, until=until
    )
    activity = funnels.touchpoint_activity(
        workspace=workspace, touchpoints=touchpoints, since=since, until=until
    )
    empty = funnels.TouchpointActivity()
    cards = [
        (
            stage,
            [
                Card(
                    t,
                    activity.get(t.key, empty),
                    figure,
                    left.sections.get(t.key),
                )
                for t, figure in cells
            ],
        )
        for stage, cells in scores.stages()
    ]
    return cards, left, minimum


def _exit_rows(
    left: sessions.Abandonment, stages: list[tuple[Any, list[Card]]]
) -> list[dict[str, Any]]:
    names = {
        card.touchpoint.key: card.touchpoint.display_name
        for _s, cards in stages
        for card in cards
    }
    return [
        {
            "section": names.get(e.section, e.section) or _("(no touchpoint)"),
            "page": e.page,
            "sessions": e.sessions,
            "share": _percent(e.sessions / left.ended_without_order),
            "quick": e.quick,
        }
        for e in left.exits
    ]


def _funnel_form(request: TenantRequest) -> tuple[forms.FunnelForm, str]:
    """The form as submitted, or filled in from a preset (the first by default)."""
    if "steps" in request.GET:
        return forms.FunnelForm(request.GET), ""
    preset = next(
        (p for p in PRESETS if p.key == request.GET.get("preset")), PRESETS[0]
    )
    data = {
        "steps": ", ".join(preset.steps),
        "per": request.GET.get("per", "session"),
        "days": request.GET.get("days", "30"),
    }
    return forms.FunnelForm(data), preset.key


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 120:
        return _("%(n)d s") % {"n": round(seconds)}
    if seconds < 2 * 3600:
        return _("%(n)d min") % {"n": round(seconds / 60)}
    if seconds < 2 * 86400:
        return _("%(n).1f h") % {"n": seconds / 3600}
    return _("%(n).1f days") % {"n": seconds / 86400}


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


def _funnel_rows(funnel: funnels.Funnel | None) -> list[dict[str, Any]]:
    if funnel is None:
        return []
    return [
        {
            "type": step.type,
            "reached": step.reached,
            "overall": _percent(step.overall),
            "conversion": _percent(step.conversion),
            "median": _duration(step.median_seconds),
        }
        for step in funnel.total.steps
    ]


@workspace_required()
def journey_map(request: TenantRequest) -> HttpResponse:
    form, preset = _funnel_form(request)
    valid = form.is_valid()
    days = form.cleaned_data.get("days", 30) if valid else 30
    until = timezone.now()
    since = until - timedelta(days=days)
    funnel = None
    if valid:
        try:
            funnel = funnels.funnel(
                workspace=request.workspace,
                steps=form.cleaned_data["steps"],
                per=form.cleaned_data["per"],
                split_by=form.cleaned_data["split_by"] or "",
                since=since,
                until=until,
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
    stages, left, minimum = _cards(request, since, until, days)
    context = {
        "minimum": minimum,
        "stages": stages,
        "abandonment": left,
        "bounce_percent": _percent(
            left.bounced / left.sessions if left.sessions else None
        ),
        "exit_rows": _exit_rows(left, stages),
        "quick_seconds": sessions.QUICK_SECONDS,
        "days": days,
        "form": form,
        "funnel": funnel,
        "funnel_rows": _funnel_rows(funnel),
        "presets": PRESETS,
        "preset": preset,
        "can_edit": request.membership.role == ADMIN,
    }
    return render(request, "web/journeys/map.html", context)


def _touchpoint_form(
    request: TenantRequest, touchpoint: Touchpoint
) -> forms.TouchpointForm:
    members = [
        (m.user.email, str(m.user))
        for m in account_selectors.membership_list(workspace=request.workspace)
    ]
    names = {f"name_{code}": text for code, text in touchpoint.names.items()}
    initial = {
        **names,
        "name": touchpoint.name,
        "stage": touchpoint.stage.key,
        "owner": touchpoint.owner.email if touchpoint.owner else "",
        "team": touchpoint.team,
        "event_types": ", ".join(touchpoint.event_types),
        "survey_keys": ", ".join(touchpoint.survey_keys),
        "description": touchpoint.description,
    }
    return forms.TouchpointForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        stages=list(selectors.stage_list(workspace=request.workspace)),
        members=members,
        default_language=request.workspace.default_locale,
    )


@workspace_required(ADMIN)
def touchpoint_edit(request: TenantRequest, key: str) -> HttpResponse:
    touchpoint = selectors.touchpoint_get(workspace=request.workspace, key=key)
    form = _touchpoint_form(request, touchpoint)
    if form.is_valid():
        data = {**form.cleaned_data, "owner": form.cleaned_data["owner"] or None}
        try:
            services.touchpoint_update(touchpoint=touchpoint, **data)
        except DomainError as error:
            field = "name" if error.field == "names" else error.field
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Touchpoint saved."))
            return redirect("web:journey_map")
    status = 422 if form.is_bound else 200
    context = {"touchpoint": touchpoint, "form": form}
    return render(request, "web/journeys/touchpoint_edit.html", context, status=status)
