"""Shares of answers per touchpoint: yes, or the most chosen answer.

`cxloop.insights` measures NPS, CSAT, CES and stars. A touchpoint asked
only a yes/no question ("Did you find what you were looking for?") is
measured here the same way: the share of yes in percent with its Wilson
interval, the change by the two-proportion z-test (both from
`cxloop.stats`), over the same filters, counted at the touchpoint
`insights` counts a response at. A survey's first active yes/no question
is its score, as on the Irritants page. A touchpoint asked only a single
choice ("What stopped you?") shows its most chosen answer's share. One
query each for every touchpoint (and both periods).
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from cxloop import stats
from cxloop.accounts.models import Workspace
from cxloop.customers.models import Order
from cxloop.insights import selectors as insights
from cxloop.insights.metrics import MetricFilter
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response
from cxloop.surveys.selectors import MeasuredQuestion

# `insights.metrics.segment_of`: returning from the second order placed up
# to the answer, cancelled orders left out.
RETURNING_FROM = 2


@dataclass(frozen=True)
class Share:
    estimate: stats.Estimate
    previous: stats.Estimate
    comparison: stats.Comparison


def in_segment(
    responses: QuerySet[Response], segment: str | None
) -> QuerySet[Response]:
    """Only the answers of new, returning or unknown customers, as
    `insights.metrics.segment_of` tells them apart."""
    if not segment:
        return responses
    if segment == "unknown":
        return responses.filter(customer__isnull=True)
    # The customer alone (it belongs to one workspace): with the workspace
    # too, SQLite reads the workspace's orders by date for every answer
    # instead of the customer's own.
    before = (
        Order.objects.filter(
            customer_id=OuterRef("customer_id"),
            placed_at__lte=OuterRef("submitted_at"),
        )
        .exclude(status=Order.Status.CANCELLED)
        .order_by()
        .values("customer_id")
        .annotate(c=Count("pk"))
        .values("c")
    )
    counted = responses.filter(customer__isnull=False).annotate(
        orders_before=Coalesce(Subquery(before), 0)
    )
    if segment == "returning":
        return counted.filter(orders_before__gte=RETURNING_FROM)
    return counted.filter(orders_before__lt=RETURNING_FROM)


def _start(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def yes_no_by_touchpoint(
    *,
    workspace: Workspace,
    filters: MetricFilter,
    questions: list[MeasuredQuestion],
) -> dict[str, Share]:
    """{touchpoint key: share of yes} for touchpoints with yes/no answers.

    `questions` are `surveys.selectors.measured_questions`. Reads the
    period's channel and segment filters; without both ends of a period,
    nothing.
    """
    first: dict[str, str] = {}
    for question in questions:
        if question.type == "yes_no":
            first.setdefault(question.survey, question.key)
    if not first or filters.since is None or filters.until is None:
        return {}
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    before = filters.since - timedelta(days=filters.days or 0)
    start = _start(filters.since, zone)
    responses = survey_selectors.response_list(
        workspace=workspace,
        channel=filters.channel,
        since=_start(before, zone),
        until=_start(filters.until + timedelta(days=1), zone),
    )
    answered, yes = Q(pk__in=[]), Q(pk__in=[])
    for survey, key in first.items():
        answered |= Q(survey__key=survey, answers__has_key=key)
        yes |= Q(survey__key=survey, **{f"answers__{key}": True})
    now, earlier = Q(submitted_at__gte=start), Q(submitted_at__lt=start)
    rows = (
        in_segment(responses.filter(answered), filters.segment)
        .order_by()
        .values("touchpoint", "survey_id")
        .annotate(
            n=Count("pk", filter=now),
            k=Count("pk", filter=now & yes),
            n_before=Count("pk", filter=earlier),
            k_before=Count("pk", filter=earlier & yes),
        )
    )
    attached = insights.journey_of(workspace).attached
    counts: dict[str, list[int]] = {}
    for row in rows:
        at = row["touchpoint"] or attached.get(row["survey_id"], "")
        if not at:
            continue
        total = counts.setdefault(at, [0, 0, 0, 0])
        total[0] += row["k"]
        total[1] += row["n"]
        total[2] += row["k_before"]
        total[3] += row["n_before"]
    return {
        at: Share(
            stats.share_estimate(k, n),
            stats.share_estimate(k_before, n_before),
            stats.share_compare(k_before, n_before, k, n),
        )
        for at, (k, n, k_before, n_before) in counts.items()
        if n
    }


@dataclass(frozen=True)
class TopChoice:
    label: str  # the most chosen answer, in the reader's language
    estimate: stats.Estimate  # its share of the touchpoint's answers


def _choice_label(question: MeasuredQuestion, value: str, language: str) -> str:
    for choice in question.choices:
        if str(choice.get("key")) == value:
            texts = choice.get("texts") or {}
            return str(texts.get(language) or texts.get("en") or value)
    return value


def top_choice_by_touchpoint(
    *,
    workspace: Workspace,
    filters: MetricFilter,
    questions: list[MeasuredQuestion],
    language: str,
) -> dict[str, TopChoice]:
    """{touchpoint key: its most chosen answer} over the period and filters,
    from each survey's first active single-choice question."""
    first: dict[str, MeasuredQuestion] = {}
    for question in questions:
        if question.type == "single_choice":
            first.setdefault(question.survey, question)
    if not first or filters.since is None or filters.until is None:
        return {}
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    responses = survey_selectors.response_list(
        workspace=workspace,
        channel=filters.channel,
        since=_start(filters.since, zone),
        until=_start(filters.until + timedelta(days=1), zone),
    )
    chosen = Case(
        *(
            When(survey__key=survey, then=KeyTextTransform(question.key, "answers"))
            for survey, question in first.items()
        ),
        default=Value(None),
        output_field=CharField(),
    )
    rows = (
        in_segment(responses.filter(survey__key__in=list(first)), filters.segment)
        .annotate(chosen=chosen)
        .exclude(chosen=None)
        .order_by()
        .values("touchpoint", "survey_id", "survey__key", "chosen")
        .annotate(n=Count("pk"))
    )
    attached = insights.journey_of(workspace).attached
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for row in rows:
        at = row["touchpoint"] or attached.get(row["survey_id"], "")
        if at:
            answer = (row["survey__key"], str(row["chosen"]))
            places = counts.setdefault(at, {})
            places[answer] = places.get(answer, 0) + row["n"]
    found = {}
    for at, answers in counts.items():
        (survey, value), k = max(answers.items(), key=lambda item: item[1])
        label = _choice_label(first[survey], value, language)
        found[at] = TopChoice(label, stats.share_estimate(k, sum(answers.values())))
    return found
