"""Reads about topics: the codebook with volume, sentiment and trend,
examples, discovery runs and analysis progress. Scoped to one workspace."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import NotFound
from cxloop.surveys.models import Response
from cxloop.textanalysis.models import (
    CommentAnalysis,
    Topic,
    TopicAssignment,
    TopicDiscovery,
)

TREND_WEEKS = 12


@dataclass(frozen=True)
class TopicFilters:
    touchpoint: str | None = None
    survey: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def responses(self) -> Q:
        """The filter on a relation's `response__…` fields."""
        condition = Q()
        if self.touchpoint:
            condition &= Q(response__touchpoint=self.touchpoint)
        if self.survey:
            condition &= Q(response__survey__key=self.survey)
        if self.since:
            condition &= Q(response__submitted_at__gte=self.since)
        if self.until:
            condition &= Q(response__submitted_at__lt=self.until)
        return condition


@dataclass
class Example:
    response_pk: int
    response_id: str
    comment: str
    language: str
    pinned: bool = False


@dataclass
class TopicSummary:
    topic: Topic
    volume: int = 0
    share: float = 0.0
    sentiment: float | None = None
    negative: int = 0
    neutral: int = 0
    positive: int = 0
    weekly: list[int] = field(default_factory=list)
    examples: dict[str, list[Example]] = field(default_factory=dict)

    @property
    def negative_share(self) -> float:
        return self.negative / self.volume if self.volume else 0.0

    @property
    def positive_share(self) -> float:
        return self.positive / self.volume if self.volume else 0.0


def topic_get(*, workspace: Workspace, number: int) -> Topic:
    topic: Topic | None = Topic.objects.of(workspace).filter(number=number).first()
    if topic is None:
        raise NotFound(_("No such topic."))
    return topic


def topic_queryset(
    *, workspace: Workspace, statuses: Sequence[str] = (Topic.Status.ACTIVE,)
) -> QuerySet[Topic]:
    return (
        Topic.objects.of(workspace)
        .filter(status__in=statuses)
        .select_related("merged_into")
        .defer("centroid")
        .order_by("number")
    )


def _assignments(workspace: Workspace, filters: TopicFilters) -> QuerySet[Any]:
    return TopicAssignment.objects.of(workspace).filter(filters.responses())


def analysed_count(*, workspace: Workspace, filters: TopicFilters) -> int:
    """Analysed comments under the filters: the whole topics are shares of."""
    condition = Q(status=CommentAnalysis.Status.DONE) & filters.responses()
    return CommentAnalysis.objects.of(workspace).filter(condition).count()


def weeks(now: datetime, count: int = TREND_WEEKS) -> list[datetime]:
    """Starts of the last `count` weeks (Mondays, in UTC), oldest first."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def topic_summaries(
    *,
    workspace: Workspace,
    topics: Sequence[Topic],
    filters: TopicFilters | None = None,
    now: datetime | None = None,
    with_examples: bool = True,
) -> list[TopicSummary]:
    """Volume, sentiment, weekly trend and examples of each topic."""
    filters = filters or TopicFilters()
    now = now or timezone.now()
    summaries = {topic.pk: TopicSummary(topic) for topic in topics}
    if not summaries:
        return []
    assigned = _assignments(workspace, filters).filter(topic_id__in=list(summaries))
    label = "response__analysis__sentiment_label"
    for row in assigned.values("topic_id").annotate(
        n=Count("id"),
        mean=Avg("response__analysis__sentiment_score"),
        neg=Count("id", filter=Q(**{label: CommentAnalysis.Label.NEGATIVE})),
        neu=Count("id", filter=Q(**{label: CommentAnalysis.Label.NEUTRAL})),
        pos=Count("id", filter=Q(**{label: CommentAnalysis.Label.POSITIVE})),
    ):
        summary = summaries[row["topic_id"]]
        summary.volume = row["n"]
        summary.sentiment = row["mean"]
        summary.negative, summary.neutral = row["neg"], row["neu"]
        summary.positive = row["pos"]
    total = analysed_count(workspace=workspace, filters=filters)
    starts = weeks(now)
    for summary in summaries.values():
        summary.share = summary.volume / total if total else 0.0
        summary.weekly = [0] * len(starts)
    recent = assigned.filter(response__submitted_at__gte=starts[0])
    for topic_id, moment in recent.values_list(
        "topic_id", "response__submitted_at"
    ).iterator(chunk_size=5000):
        index = min((moment - starts[0]).days // 7, len(starts) - 1)
        summaries[topic_id].weekly[index] += 1
    if with_examples:
        _attach_examples(workspace, list(summaries.values()))
    return list(summaries.values())


def _attach_examples(workspace: Workspace, summaries: list[TopicSummary]) -> None:
    wanted: set[int] = set()
    for summary in summaries:
        wanted.update(summary.topic.pinned_examples)
        for ids in summary.topic.examples.values():
            wanted.update(ids)
    rows = {
        pk: (rid, comment, language or "")
        for pk, rid, comment, language in Response.objects.of(workspace)
        .filter(pk__in=wanted)
        .exclude(comment="")
        .values_list("pk", "response_id", "comment", "analysis__language")
    }
    for summary in summaries:
        examples: dict[str, list[Example]] = defaultdict(list)
        shown: set[int] = set()
        for pk in summary.topic.pinned_examples:
            if pk in rows:
                rid, comment, language = rows[pk]
                examples[language].append(Example(pk, rid, comment, language, True))
                shown.add(pk)
        for language, ids in summary.topic.examples.items():
            for pk in ids:
                if pk in rows and pk not in shown:
                    rid, comment, _ = rows[pk]
                    examples[language].append(Example(pk, rid, comment, language))
        summary.examples = dict(sorted(examples.items()))


@dataclass(frozen=True)
class Progress:
    comments: int
    analysed: int
    failed: int
    embedded: int

    @property
    def pending(self) -> int:
        return max(self.comments - self.analysed - self.failed, 0)


def comment_count(*, workspace: Workspace) -> int:
    """Responses with a comment: what analysis and discovery work through."""
    return Response.objects.of(workspace).exclude(comment="").count()


def analysis_progress(*, workspace: Workspace) -> Progress:
    """How far the analysis of the workspace's comments has come."""
    from cxloop.textanalysis.models import CommentEmbedding

    counts = CommentAnalysis.objects.of(workspace).aggregate(
        done=Count("id", filter=Q(status=CommentAnalysis.Status.DONE)),
        failed=Count("id", filter=Q(status=CommentAnalysis.Status.FAILED)),
    )
    return Progress(
        comments=comment_count(workspace=workspace),
        analysed=counts["done"],
        failed=counts["failed"],
        embedded=CommentEmbedding.objects.of(workspace).count(),
    )


def discovery_latest(*, workspace: Workspace) -> TopicDiscovery | None:
    """The newest run, whatever its state."""
    run: TopicDiscovery | None = (
        TopicDiscovery.objects.of(workspace)
        .defer("space")
        .order_by("-requested_at", "-pk")
        .first()
    )
    return run


def discovery_last_done(*, workspace: Workspace) -> TopicDiscovery | None:
    run: TopicDiscovery | None = (
        TopicDiscovery.objects.of(workspace)
        .filter(status=TopicDiscovery.Status.DONE)
        .defer("space")
        .order_by("-finished_at", "-pk")
        .first()
    )
    return run


def responses_by_client_id(
    *, workspace: Workspace, response_ids: Iterable[str]
) -> dict[str, int]:
    """{client response_id: pk} for the ids that exist in the workspace."""
    return dict(
        Response.objects.of(workspace)
        .filter(response_id__in=list(response_ids))
        .values_list("response_id", "pk")
    )


def response_enrichment(
    *, workspace: Workspace, response_pks: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Language, sentiment and active topics of analysed responses.

    {pk: {"language", "sentiment": {score, label} | None, "topics"}}; a
    response whose comment is not analysed yet is absent.
    """
    result: dict[int, dict[str, Any]] = {}
    for pk, language, score, label in (
        CommentAnalysis.objects.of(workspace)
        .filter(response_id__in=list(response_pks), status=CommentAnalysis.Status.DONE)
        .values_list("response_id", "language", "sentiment_score", "sentiment_label")
    ):
        result[pk] = {
            "language": language or None,
            "sentiment": (
                {"score": score, "label": label} if score is not None else None
            ),
            "topics": [],
        }
    for pk, number, topic_label in (
        TopicAssignment.objects.of(workspace)
        .filter(response_id__in=list(result), topic__status=Topic.Status.ACTIVE)
        .order_by("response_id", "-score", "topic__number")
        .values_list("response_id", "topic__number", "topic__label")
    ):
        result[pk]["topics"].append({"number": number, "label": topic_label})
    return result
