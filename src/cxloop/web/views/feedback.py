"""The Feedback inbox: every response, filtered, paged, exported."""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from cxloop.accounts.tenancy import TenantRequest
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import exports, selectors
from cxloop.surveys.models import Response
from cxloop.textanalysis import selectors as text_selectors
from cxloop.textanalysis import topic_selectors
from cxloop.web.decorators import workspace_required
from cxloop.web.forms.feedback import FeedbackFilterForm
from cxloop.web.forms.period import filters_of
from cxloop.web.paging import page_or_first

PAGE_SIZE = 50


def _day_start(day: date | None, tz: zoneinfo.ZoneInfo) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=tz) if day else None


def _filtered(request: TenantRequest) -> tuple[FeedbackFilterForm, QuerySet[Response]]:
    surveys = [
        (survey.key, survey.display_name)
        for survey in selectors.survey_list(workspace=request.workspace)
    ]
    topics = [
        (topic.number, topic.label)
        for topic in topic_selectors.topic_queryset(workspace=request.workspace)
    ]
    touchpoints = [
        (touchpoint.key, touchpoint.display_name)
        for touchpoint in journey_selectors.touchpoint_list(workspace=request.workspace)
    ]
    form = FeedbackFilterForm(
        request.GET or None, surveys=surveys, topics=topics, touchpoints=touchpoints
    )
    filters = filters_of(form)
    tz = zoneinfo.ZoneInfo(request.workspace.timezone)
    until = filters.get("until")
    responses = selectors.response_list(
        workspace=request.workspace,
        survey=filters.get("survey") or None,
        touchpoint=filters.get("touchpoint") or None,
        channel=filters.get("channel") or None,
        locale=filters.get("locale") or None,
        band=filters.get("band") or None,
        search=filters.get("q") or None,
        since=_day_start(filters.get("since"), tz),
        until=_day_start(until + timedelta(days=1), tz) if until else None,
    )
    responses = text_selectors.responses_filter_analysis(
        responses,
        sentiment=filters.get("sentiment") or None,
        topic=filters.get("topic"),
    )
    return form, responses


@workspace_required()
def feedback_inbox(request: TenantRequest) -> HttpResponse:
    form, responses = _filtered(request)
    result = page_or_first(
        text_selectors.responses_with_analysis(responses),
        time_field="submitted_at",
        limit=PAGE_SIZE,
        cursor=request.GET.get("cursor"),
        serialize=lambda response: response,
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "form": form,
        "responses": result["items"],
        "next_cursor": result["next_cursor"],
        "query": query.urlencode(),
        "now": timezone.now(),
        "touchpoint_names": journey_selectors.touchpoint_names(
            workspace=request.workspace
        ),
    }
    if request.htmx and request.GET.get("cursor"):  # type: ignore[attr-defined]
        return render(request, "web/feedback/_rows.html", context)
    return render(request, "web/feedback/inbox.html", context)


@workspace_required()
def feedback_export(request: TenantRequest, fmt: str) -> StreamingHttpResponse:
    _, responses = _filtered(request)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        stream = StreamingHttpResponse(
            exports.csv_lines(responses, workspace=request.workspace),
            content_type="text/csv; charset=utf-8",
        )
    else:
        stream = StreamingHttpResponse(
            exports.json_lines(responses, workspace=request.workspace),
            content_type="application/json",
        )
    filename = f"{request.workspace.slug}-responses-{stamp}.{fmt}"
    stream["Content-Disposition"] = f'attachment; filename="{filename}"'
    return stream
