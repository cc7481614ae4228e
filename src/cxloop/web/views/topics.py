"""The Topics page: what comments are about, with volume, sentiment, trend
and examples per language, and the codebook's edits for admins and analysts."""

import zoneinfo
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts.models import Membership
from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.textanalysis import topic_selectors as selectors
from cxloop.textanalysis import topic_services as services
from cxloop.textanalysis.models import Topic, TopicDiscovery
from cxloop.textanalysis.topics import MIN_COMMENTS
from cxloop.web.decorators import workspace_required
from cxloop.web.forms import topics as forms
from cxloop.web.forms.period import filters_of

EDITORS = (Membership.Role.ADMIN, Membership.Role.ANALYST)
SPARK_WIDTH, SPARK_HEIGHT = 120, 28


def sparkline(counts: list[int]) -> str:
    """SVG polyline points for weekly counts (numbers only, safe to embed)."""
    if not counts:
        return ""
    top = max(max(counts), 1)
    step = SPARK_WIDTH / max(len(counts) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{SPARK_HEIGHT - 2 - (n / top) * (SPARK_HEIGHT - 4):.1f}"
        for i, n in enumerate(counts)
    )


def _filters(request: TenantRequest) -> tuple[forms.TopicFilterForm, Any]:
    workspace = request.workspace
    form = forms.TopicFilterForm(
        request.GET or None,
        surveys=[
            (s.key, s.display_name)
            for s in survey_selectors.survey_list(workspace=workspace)
        ],
        touchpoints=[
            (t.key, t.display_name)
            for t in journey_selectors.touchpoint_list(workspace=workspace)
        ],
    )
    data = filters_of(form)
    tz = zoneinfo.ZoneInfo(workspace.timezone)

    def start(day: Any) -> datetime | None:
        return datetime.combine(day, time.min, tzinfo=tz) if day else None

    until = data.get("until")
    return form, selectors.TopicFilters(
        touchpoint=data.get("touchpoint") or None,
        survey=data.get("survey") or None,
        since=start(data.get("since")),
        until=start(until + timedelta(days=1)) if until else None,
    )


@workspace_required()
def topic_list(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    form, filters = _filters(request)
    topics = list(selectors.topic_queryset(workspace=workspace))
    summaries = selectors.topic_summaries(
        workspace=workspace, topics=topics, filters=filters
    )
    summaries.sort(key=lambda s: (-s.volume, s.topic.number))
    can_edit = request.membership.role in EDITORS
    status = _status_context(request)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "query": query,
        "rows": [(s, sparkline(s.weekly)) for s in summaries],
        **status,
        "was": _was(status),
        "can_edit": can_edit,
        "create_form": forms.TopicCreateForm(),
        "targets": [(t.number, f"#{t.number} {t.label}") for t in topics],
    }
    return render(request, "web/topics/topic_list.html", context)


def _status_context(request: TenantRequest) -> dict[str, Any]:
    workspace = request.workspace
    latest = selectors.discovery_latest(workspace=workspace)
    return {
        "progress": selectors.analysis_progress(workspace=workspace),
        "latest": latest,
        "last_done": selectors.discovery_last_done(workspace=workspace),
        "discovering": latest is not None
        and latest.status
        in (TopicDiscovery.Status.QUEUED, TopicDiscovery.Status.RUNNING),
        "min_comments": MIN_COMMENTS,
    }


def _was(context: dict[str, Any]) -> str:
    done = context["last_done"]
    return str(done.pk if done else 0)


@workspace_required()
def topic_status(request: TenantRequest) -> HttpResponse:
    """The status panel alone, polled while comments wait or discovery runs."""
    context = _status_context(request)
    done = context["last_done"]
    was = request.GET.get("was", "0")
    context["was"] = was if was.isdigit() else "0"
    context["changed"] = str(done.pk if done else 0) != context["was"]
    return render(request, "web/topics/_status.html", context)


def _back(request: TenantRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/app/topics/") and "//" not in target:
        return redirect(target)
    return redirect("web:topic_list")


def _act(
    request: TenantRequest,
    form: django_forms.Form,
    act: Callable[[dict[str, Any]], Any],
) -> HttpResponse:
    """Run a codebook edit from a valid form; errors come back as messages."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request)
    try:
        with transaction.atomic():
            done = act(form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    return _back(request)


@require_POST
@workspace_required(*EDITORS)
def topic_create(request: TenantRequest) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        topic = services.topic_create(workspace=request.workspace, **data)
        return _("Topic #%(n)d created.") % {"n": topic.number}

    return _act(request, forms.TopicCreateForm(request.POST), act)


@require_POST
@workspace_required(*EDITORS)
def topic_edit(request: TenantRequest, number: int, action: str) -> HttpResponseBase:
    topic = selectors.topic_get(workspace=request.workspace, number=number)
    handler = EDITS.get(action)
    if handler is None:
        return HttpResponse(status=404)
    return handler(request, topic)


def _rename(request: TenantRequest, topic: Topic) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        services.topic_rename(topic=topic, label=data["label"])
        return _("Topic renamed.")

    return _act(request, forms.TopicRenameForm(request.POST), act)


def _keywords(request: TenantRequest, topic: Topic) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        services.topic_keywords_set(topic=topic, keywords=data["keywords"])
        return _("Keywords saved; they apply to new comments.")

    return _act(request, forms.TopicKeywordsForm(request.POST), act)


def _merge(request: TenantRequest, topic: Topic) -> HttpResponse:
    targets = [
        (t.number, t.label)
        for t in selectors.topic_queryset(workspace=request.workspace)
        if t.pk != topic.pk
    ]

    def act(data: dict[str, Any]) -> str:
        target = selectors.topic_get(workspace=request.workspace, number=data["into"])
        services.topic_merge(source=topic, target=target)
        return _("Topic #%(a)d merged into #%(b)d.") % {
            "a": topic.number,
            "b": target.number,
        }

    return _act(request, forms.TopicMergeForm(request.POST, targets=targets), act)


def _split(request: TenantRequest, topic: Topic) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        parts = services.topic_split(topic=topic, parts=data["parts"])
        numbers = ", ".join(f"#{part.number}" for part in parts)
        return _("Topic split into %(numbers)s.") % {"numbers": numbers}

    return _act(request, forms.TopicSplitForm(request.POST), act)


def _delete(request: TenantRequest, topic: Topic) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        services.topic_delete(topic=topic)
        return _("Topic #%(n)d deleted.") % {"n": topic.number}

    return _act(request, django_forms.Form(request.POST), act)


def _pin(request: TenantRequest, topic: Topic) -> HttpResponse:
    def act(data: dict[str, Any]) -> str:
        pinned = [pk for pk in topic.pinned_examples if pk != data["response"]]
        if data["pinned"]:
            pinned.append(data["response"])
        services.topic_examples_pin(topic=topic, response_ids=pinned)
        return _("Example pinned.") if data["pinned"] else _("Example unpinned.")

    return _act(request, forms.TopicPinForm(request.POST), act)


EDITS: dict[str, Callable[[TenantRequest, Topic], HttpResponse]] = {
    "rename": _rename,
    "keywords": _keywords,
    "merge": _merge,
    "split": _split,
    "delete": _delete,
    "pin": _pin,
}


@require_POST
@workspace_required(*EDITORS)
def topic_discover(request: TenantRequest) -> HttpResponse:
    with transaction.atomic():
        services.discovery_request(workspace=request.workspace)
    messages.success(request, _("Discovery started; topics update when it ends."))
    return _back(request)


@require_POST
@workspace_required(*EDITORS)
def topic_reassign(request: TenantRequest) -> HttpResponse:
    with transaction.atomic():
        services.reassign_request(workspace=request.workspace)
    messages.success(
        request, _("Older comments are being assigned again with the current topics.")
    )
    return _back(request)
