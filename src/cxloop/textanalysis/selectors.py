import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cxloop import caching, stats
from cxloop.accounts.models import Workspace
from cxloop.errors import NotFound
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys.models import Touchpoint
from cxloop.surveys.models import Question, Response
from cxloop.textanalysis import drivers, emerging, irritants, topics
from cxloop.textanalysis.models import (
    CommentAnalysis,
    SentimentModel,
    Topic,
    TopicAssignment,
)


def analysis_get(*, workspace: Workspace, response_id: int) -> CommentAnalysis:
    analysis: CommentAnalysis | None = (
        CommentAnalysis.objects.of(workspace).filter(response_id=response_id).first()
    )
    if analysis is None:
        raise NotFound(_("This response has no analysed comment."))
    return analysis


def responses_with_analysis(responses: QuerySet[Response]) -> QuerySet[Response]:
    """The responses with their comment's analysis and active topics loaded.

    Each response gets `active_topics`, its assignments to active topics,
    best match first; two extra queries per page, not one per response.
    """
    assignments = (
        TopicAssignment.objects.filter(topic__status=Topic.Status.ACTIVE)
        .select_related("topic")
        .order_by("-score", "topic__number")
    )
    return responses.select_related("analysis").prefetch_related(
        Prefetch("topic_assignments", queryset=assignments, to_attr="active_topics")
    )


def responses_filter_analysis(
    responses: QuerySet[Response],
    *,
    sentiment: str | None = None,
    topic: int | None = None,
) -> QuerySet[Response]:
    """Narrow responses to a sentiment label and/or an active topic's number."""
    if sentiment:
        responses = responses.filter(analysis__sentiment_label=sentiment)
    if topic is not None:
        responses = responses.filter(
            topic_assignments__topic__number=topic,
            topic_assignments__topic__status=Topic.Status.ACTIVE,
        )
    return responses


def sentiment_model_current(*, workspace: Workspace) -> SentimentModel | None:
    """The model in use: the newest trained."""
    return (
        SentimentModel.objects.of(workspace)
        .defer("blob")
        .order_by("-trained_at", "-id")
        .first()
    )


# Irritants, emerging topics and key drivers ---------------------------------
#
# Dashboards ask the database for sums per touchpoint and topic (irritants,
# emerging) or per customer (drivers), never for every response, and keep
# each report until the codebook changes (at once) or new answers arrive
# and the report has settled: a minute for irritants and emerging topics,
# ten for key drivers, whose regression over a year barely moves with a
# few more answers but costs a second to redo.

# The scale each score is read on, and its bottom (detractor) band as in
# `surveys.selectors.SCORE_BANDS`: NPS 0–6, CSAT and stars 1–2, CES 1–3.
# A yes/no answer ("Did you find what you were looking for?") reads as
# 1 / 0, and for irritants as 100 / 0, so its mean is the share of yes.
SCALES: dict[str, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "rating": (1, 5),
    "yes_no": (0, 1),
}
DETRACTOR_MAX: dict[str, int] = {
    "nps": 6,
    "csat": 2,
    "ces": 3,
    "rating": 2,
    "yes_no": 0,
}
REPORT_CACHE_SECONDS = 600
SETTLED_SECONDS = 60
DRIVERS_SETTLED_SECONDS = 600
MAX_TOPIC_DRIVERS = 30
TOPICS_AFTER_COMMENTS = topics.MIN_COMMENTS  # discovery's first run, for the UI

# Checking whether the data changed costs a few counts; a page asks for
# several reports, so the answer is kept for a few seconds.
VERSION_CACHE_SECONDS = 5
Version = tuple[tuple[int, ...], tuple[int, ...]]  # (codebook, answers)
_reports: caching.TtlCache[tuple[Any, ...], tuple[Version, datetime, Any]] = (
    caching.ttl_cache(seconds=REPORT_CACHE_SECONDS)
)
_versions: caching.TtlCache[int, Version] = caching.ttl_cache(
    seconds=VERSION_CACHE_SECONDS
)


def _data_version(workspace: Workspace) -> Version:
    """The codebook's version (topics, touchpoints) and the answers'."""
    known = _versions.get(workspace.pk)
    if known is not None:
        return known
    version = _count_rows(workspace)
    _versions.put(workspace.pk, version)
    return version


def report_forget(*, workspace: Workspace) -> None:
    """Look at the data again on the next report (after a codebook edit).

    Without it this process notices a change within VERSION_CACHE_SECONDS.
    """
    _versions.discard(workspace.pk)


def _count_rows(workspace: Workspace) -> Version:
    responses = Response.objects.of(workspace).aggregate(n=Count("pk"), last=Max("pk"))
    assigned = TopicAssignment.objects.of(workspace).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    topics = Topic.objects.of(workspace).aggregate(n=Count("pk"), at=Max("updated_at"))
    stamp = topics["at"].timestamp() if topics["at"] else 0
    touchpoints = journey_selectors.touchpoint_list(workspace=workspace).count()
    return (
        (topics["n"], int(stamp * 1_000_000), touchpoints),
        (
            responses["n"],
            responses["last"] or 0,
            assigned["n"],
            assigned["last"] or 0,
        ),
    )


def _cached(
    key: tuple[Any, ...], workspace: Workspace, compute: Any, *, settled: int
) -> Any:
    """The cached report, unless the codebook changed, or answers did and
    the report is older than `settled` seconds.

    Reports carry touchpoint names in the page's language, so each language
    has its own copy."""
    key = (*key, translation.get_language())
    version = _data_version(workspace)
    hit = _reports.get(key)
    if hit is not None:
        (codebook, answers), computed_at, value = hit
        age = (timezone.now() - computed_at).total_seconds()
        if codebook == version[0] and (answers == version[1] or age < settled):
            return value
    value = compute()
    _reports.put(key, (version, timezone.now(), value))
    return value


@dataclass(frozen=True)
class Place:
    """Where a response counts: a touchpoint of the journey, or none."""

    key: str
    name: str


def _places(workspace: Workspace) -> tuple[list[Touchpoint], Case]:
    touchpoints = list(journey_selectors.touchpoint_list(workspace=workspace))
    return touchpoints, _place_expression(touchpoints, "")


def _place_expression(touchpoints: list[Touchpoint], prefix: str) -> Case:
    """A response's touchpoint: its own, else the one its survey is attached to."""
    attached = [
        When(
            **{
                f"{prefix}touchpoint": "",
                f"{prefix}survey__key__in": list(touchpoint.survey_keys),
            },
            then=Value(touchpoint.key),
        )
        for touchpoint in touchpoints
        if touchpoint.survey_keys
    ]
    return Case(*attached, default=F(f"{prefix}touchpoint"), output_field=CharField())


def _place_name(key: str, touchpoints: list[Touchpoint]) -> str:
    if not key:
        return _("Not tied to a touchpoint")
    found = next((t for t in touchpoints if t.key == key), None)
    return found.display_name if found else key


def _place_order(key: str, touchpoints: list[Touchpoint]) -> tuple[int, str]:
    keys = [t.key for t in touchpoints]
    if key in keys:
        return (keys.index(key), key)
    return (len(keys) + (1 if not key else 0), key)


def touchpoint_choices(*, workspace: Workspace) -> list[Place]:
    touchpoints = list(journey_selectors.touchpoint_list(workspace=workspace))
    return [Place(t.key, t.display_name) for t in touchpoints]


@dataclass(frozen=True)
class _Scores:
    """How to read each kind of score from a response, in SQL.

    NPS, CSAT, CES and stars have their own columns; a yes/no answer sits
    in the answers under its question's key, which differs per survey.
    """

    yes_no: list[tuple[int, str]]  # (survey id, question key)

    @classmethod
    def of(cls, workspace: Workspace) -> "_Scores":
        questions = (
            Question.objects.filter(
                survey__workspace=workspace,
                type=Question.Type.YES_NO,
                is_active=True,
            )
            .order_by("survey_id", "position", "pk")
            .values_list("survey_id", "key")
        )
        first: dict[int, str] = {}
        for survey_id, key in questions:
            first.setdefault(survey_id, key)
        return cls(sorted(first.items()))

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in irritants.KINDS if k != "yes_no" or self.yes_no)

    def _each(self, prefix: str, test: Any) -> Q:
        found = Q(pk__in=[])
        for survey_id, key in self.yes_no:
            # The cheap survey test first: SQLite then skips reading the
            # JSON of every other survey's responses.
            found |= Q(**{f"{prefix}survey_id": survey_id}) & test(key)
        return found

    def _yes(self, prefix: str) -> Q:
        return self._each(prefix, lambda key: Q(**{f"{prefix}answers__{key}": True}))

    def has(self, kind: str, prefix: str = "") -> Q:
        if kind == "yes_no":
            return self._each(
                prefix, lambda key: Q(**{f"{prefix}answers__has_key": key})
            )
        return Q(**{f"{prefix}{kind}__isnull": False})

    def value(self, kind: str, prefix: str = "") -> Any:
        """NPS as +100 / 0 / −100 per answer (their mean is the NPS), yes/no
        as 100 / 0 (the mean is the share of yes), else the score."""
        field = f"{prefix}{kind}"
        if kind == "nps":
            return Case(
                When(**{f"{field}__gte": 9}, then=Value(100.0)),
                When(**{f"{field}__lte": 6}, then=Value(-100.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        if kind == "yes_no":
            return Case(
                When(self._yes(prefix), then=Value(100.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        return Cast(field, FloatField())

    def normalised(self) -> Any:
        """Any score on 0…1: NPS/10, (CSAT − 1)/4, (CES − 1)/6, (stars − 1)/4,
        yes 1 and no 0; a response with several takes the first."""
        whens = []
        for kind in self.kinds:
            low, high = SCALES[kind]
            if kind == "yes_no":
                value: Any = ExpressionWrapper(
                    self.value(kind) / 100.0, output_field=FloatField()
                )
            else:
                value = ExpressionWrapper(
                    (Cast(kind, FloatField()) - low) / float(high - low),
                    output_field=FloatField(),
                )
            whens.append(When(self.has(kind), then=value))
        return Case(*whens, default=Value(None), output_field=FloatField())

    def moment_sums(self, prefix: str) -> dict[str, Any]:
        sums: dict[str, Any] = {}
        for kind in self.kinds:
            has, value = self.has(kind, prefix), self.value(kind, prefix)
            sums[f"{kind}_n"] = Count("pk", filter=has)
            sums[f"{kind}_total"] = Sum(value, filter=has)
            sums[f"{kind}_squares"] = Sum(
                ExpressionWrapper(value * value, output_field=FloatField()),
                filter=has,
            )
        return sums

    def counts(self) -> dict[str, Any]:
        return {kind: Count("pk", filter=self.has(kind)) for kind in self.kinds}


def _moments(row: Mapping[str, Any], kind: str) -> irritants.Moments:
    return irritants.Moments(
        int(row[f"{kind}_n"] or 0),
        float(row[f"{kind}_total"] or 0.0),
        float(row[f"{kind}_squares"] or 0.0),
    )


@dataclass(frozen=True)
class IrritantRow:
    topic: Topic
    irritant: irritants.Irritant


@dataclass(frozen=True)
class IrritantTable:
    """The topics at one touchpoint, for one kind of score, worst first."""

    place: Place
    kind: str
    everyone: irritants.Moments
    score: stats.Estimate  # the touchpoint's, with its interval and n
    rows: list[IrritantRow]

    @property
    def comments_follow_no(self) -> bool:
        """Yes/no: every topic's answers are "no", as when the comment is
        asked only after one; compare topics by their share of the noes."""
        return (
            self.kind == "yes_no"
            and bool(self.rows)
            and all(row.irritant.own.value == 0 for row in self.rows)
        )


def irritant_report(
    *,
    workspace: Workspace,
    since: datetime,
    until: datetime,
    touchpoint: str | None = None,
    survey: str | None = None,
) -> list[IrritantTable]:
    """Per touchpoint and score kind, every topic ranked by impact."""
    key = ("irritants", workspace.pk, since, until, touchpoint, survey)
    return cast(
        list[IrritantTable],
        _cached(
            key,
            workspace,
            lambda: _irritant_report(workspace, since, until, touchpoint, survey),
            settled=SETTLED_SECONDS,
        ),
    )


def _irritant_report(
    workspace: Workspace,
    since: datetime,
    until: datetime,
    touchpoint: str | None,
    survey: str | None,
) -> list[IrritantTable]:
    touchpoints, place = _places(workspace)
    scores = _Scores.of(workspace)
    responses = Response.objects.of(workspace).filter(
        submitted_at__gte=since, submitted_at__lt=until
    )
    assignments = TopicAssignment.objects.of(workspace).filter(
        topic__status=Topic.Status.ACTIVE,
        topic__workspace=workspace,
        response__workspace=workspace,
        response__submitted_at__gte=since,
        response__submitted_at__lt=until,
    )
    if survey:
        responses = responses.filter(survey__key=survey)
        assignments = assignments.filter(response__survey__key=survey)
    everyone_rows = (
        responses.annotate(at=place).values("at").annotate(**scores.moment_sums(""))
    )
    topic_place = _place_expression(touchpoints, "response__")
    topic_rows = (
        assignments.annotate(at=topic_place)
        .values("at", "topic_id")
        .annotate(**scores.moment_sums("response__"))
    )
    people: dict[str, Any] = {}
    for kind in scores.kinds:
        has = scores.has(kind, "response__")
        people[f"{kind}_known"] = Count("response__customer", distinct=True, filter=has)
        people[f"{kind}_unknown"] = Count(
            "pk", filter=has & Q(response__customer__isnull=True)
        )
    topic_rows = topic_rows.annotate(**people)
    if touchpoint is not None:
        everyone_rows = everyone_rows.filter(at=touchpoint)
        topic_rows = topic_rows.filter(at=touchpoint)
    by_place: dict[str, list[Mapping[str, Any]]] = {}
    for row in topic_rows.order_by():
        by_place.setdefault(row["at"], []).append(row)
    topic_ids = {row["topic_id"] for rows in by_place.values() for row in rows}
    topics = {t.pk: t for t in Topic.objects.of(workspace).filter(pk__in=topic_ids)}
    tables = []
    for row in everyone_rows.order_by():
        at = row["at"]
        for kind in scores.kinds:
            everyone = _moments(row, kind)
            if everyone.n == 0:
                continue
            ranked = irritants.rank(
                kind=kind,
                everyone=everyone,
                topics=[
                    irritants.TopicScores(
                        topic_id=topic_row["topic_id"],
                        scores=_moments(topic_row, kind),
                        customers=topic_row[f"{kind}_known"]
                        + topic_row[f"{kind}_unknown"],
                    )
                    for topic_row in by_place.get(at, [])
                ],
            )
            tables.append(
                IrritantTable(
                    place=Place(at, _place_name(at, touchpoints)),
                    kind=kind,
                    everyone=everyone,
                    score=irritants.score_estimate(kind, everyone),
                    rows=[IrritantRow(topics[i.topic_id], i) for i in ranked],
                )
            )
    tables.sort(
        key=lambda t: (
            _place_order(t.place.key, touchpoints),
            -t.everyone.n,
            irritants.KINDS.index(t.kind),
        )
    )
    return tables


def default_period(*, workspace: Workspace, days: int) -> tuple[datetime, datetime]:
    """The last `days` days up to the end of today in the workspace's zone.

    Ending at midnight rather than now keeps the period, and so the cached
    report, the same all day.
    """
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    tomorrow = timezone.now().astimezone(zone).date() + timedelta(days=1)
    until = datetime.combine(tomorrow, time.min, tzinfo=zone)
    return until - timedelta(days=days), until


@dataclass(frozen=True)
class Week:
    """A Monday-to-Monday week in the workspace's time zone."""

    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        year, number, _day = self.start.isocalendar()
        return f"{year}-W{number:02d}"

    def shifted(self, weeks: int) -> "Week":
        start = (self.start.replace(tzinfo=None) + timedelta(weeks=weeks)).replace(
            tzinfo=self.start.tzinfo
        )
        end = (start.replace(tzinfo=None) + timedelta(weeks=1)).replace(
            tzinfo=self.start.tzinfo
        )
        return Week(start, end)


# Reports look this far back unless asked for another period: irritants
# need recent comments, drivers need enough customers with both scores.
IRRITANT_DAYS, DRIVER_DAYS = 90, 365
FIRST_YEAR, LAST_YEAR = 1970, 2999
ISO_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")


def iso_week_monday(label: str) -> date:
    """The Monday of a week written like 2026-W07; ValueError if none."""
    match = ISO_WEEK.match(label)
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise ValueError(label)
    return date.fromisocalendar(int(match[1]), int(match[2]), 1)


def week_of(*, workspace: Workspace, day: date | None = None) -> Week:
    """The week containing `day` (today when None) in the workspace's zone."""
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    day = day or timezone.now().astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, time.min, tzinfo=zone)
    end = datetime.combine(monday + timedelta(weeks=1), time.min, tzinfo=zone)
    return Week(start, end)


@dataclass(frozen=True)
class EmergingRow:
    place: Place
    topic: Topic
    counts: emerging.WeekCounts
    result: emerging.Emergence


@dataclass(frozen=True)
class EmergingReport:
    week: Week
    baseline: Week  # its start is the first baseline week's start
    rows: list[EmergingRow]  # every topic tested this week, most significant first

    @property
    def flagged(self) -> list[EmergingRow]:
        return [row for row in self.rows if row.result.emerging]


def emerging_report(
    *, workspace: Workspace, week: Week, touchpoint: str | None = None
) -> EmergingReport:
    """This week's topics tested for growth against the four weeks before.

    All touchpoints are tested together, so the false-discovery control
    does not depend on which touchpoint is being looked at.
    """
    report = cast(
        EmergingReport,
        _cached(
            ("emerging", workspace.pk, week.start),
            workspace,
            lambda: _emerging_report(workspace, week),
            settled=SETTLED_SECONDS,
        ),
    )
    if touchpoint is None:
        return report
    rows = [row for row in report.rows if row.place.key == touchpoint]
    return EmergingReport(report.week, report.baseline, rows)


def _emerging_report(workspace: Workspace, week: Week) -> EmergingReport:
    touchpoints, place = _places(workspace)
    first = week.shifted(-emerging.BASELINE_WEEKS)
    previous = week.shifted(-1)
    windows = {
        "now": (week.start, week.end),
        "previous": (previous.start, previous.end),
        "baseline": (first.start, week.start),
    }

    def counts(prefix: str) -> dict[str, Any]:
        return {
            name: Count(
                "pk",
                filter=Q(
                    **{
                        f"{prefix}submitted_at__gte": start,
                        f"{prefix}submitted_at__lt": end,
                    }
                ),
            )
            for name, (start, end) in windows.items()
        }

    comments = {
        row["at"]: row
        for row in Response.objects.of(workspace)
        .exclude(comment="")
        .filter(submitted_at__gte=first.start, submitted_at__lt=week.end)
        .annotate(at=place)
        .values("at")
        .annotate(**counts(""))
        .order_by()
    }
    mentions = list(
        TopicAssignment.objects.of(workspace)
        .filter(
            topic__status=Topic.Status.ACTIVE,
            topic__workspace=workspace,
            response__workspace=workspace,
            response__submitted_at__gte=first.start,
            response__submitted_at__lt=week.end,
        )
        .exclude(response__comment="")
        .annotate(at=_place_expression(touchpoints, "response__"))
        .values("at", "topic_id")
        .annotate(**counts("response__"))
        .order_by()
    )
    rows = [
        emerging.WeekCounts(
            key=(row["at"], row["topic_id"]),
            count=row["now"],
            comments=comments[row["at"]]["now"],
            baseline_count=row["baseline"],
            baseline_comments=comments[row["at"]]["baseline"],
            previous_count=row["previous"],
            previous_comments=comments[row["at"]]["previous"],
        )
        for row in mentions
        if row["at"] in comments
    ]
    by_key = {row.key: row for row in rows}
    topics: dict[int, Topic] = Topic.objects.of(workspace).in_bulk(
        {row.key[1] for row in rows}
    )
    return EmergingReport(
        week=week,
        baseline=Week(first.start, week.start),
        rows=[
            EmergingRow(
                place=Place(result.key[0], _place_name(result.key[0], touchpoints)),
                topic=topics[result.key[1]],
                counts=by_key[result.key],
                result=result,
            )
            for result in emerging.detect(rows)
        ],
    )


@dataclass(frozen=True)
class DriverRow:
    driver: drivers.Driver
    name: str
    touchpoint: str | None  # the touchpoint's key, for a touchpoint driver
    topic: Topic | None  # the topic, for a topic driver


@dataclass(frozen=True)
class DriverReport:
    target: str
    customers: int  # customers with a target answer in the period
    unlinked: int  # target answers nobody could be recognised in (left out)
    analysis: drivers.DriverAnalysis | None
    rows: list[DriverRow]
    too_rare: list[str]  # names of drivers too few customers have
    reason: str  # why there is no analysis, when there is none
    computed_at: datetime

    @property
    def worst(self) -> DriverRow | None:
        worst = self.analysis.worst if self.analysis else None
        return next((r for r in self.rows if r.driver is worst), None)


def _target_filter(target: str) -> Q:
    if target == "nps":
        return Q(nps__isnull=False)
    return Q(csat__isnull=False) | Q(rating__isnull=False)


def _target_value(target: str) -> Any:
    if target == "nps":
        return _Scores([]).value("nps")
    # Overall satisfaction: CSAT, else a star rating (both 1–5).
    return Cast(Coalesce("csat", "rating"), FloatField())


def driver_report(
    *, workspace: Workspace, target: str, since: datetime, until: datetime
) -> DriverReport:
    """What explains `target` ("nps" or "csat") per customer over a period.

    The target is the customers' answers given outside any touchpoint (the
    relationship survey's NPS; overall CSAT or star rating); each
    touchpoint's scores and each topic mentioned are the drivers.
    """
    key = ("drivers", workspace.pk, target, since, until)
    return cast(
        DriverReport,
        _cached(
            key,
            workspace,
            lambda: _driver_report(workspace, target, since, until),
            settled=DRIVERS_SETTLED_SECONDS,
        ),
    )


def _driver_report(
    workspace: Workspace, target: str, since: datetime, until: datetime
) -> DriverReport:
    touchpoints, place = _places(workspace)
    read = _Scores.of(workspace)
    period = Response.objects.of(workspace).filter(
        submitted_at__gte=since, submitted_at__lt=until
    )
    answers = period.annotate(at=place).filter(_target_filter(target), at="")
    unlinked = answers.filter(customer__isnull=True).count()
    targets = dict(
        answers.filter(customer__isnull=False)
        .values("customer_id")
        .annotate(y=Avg(_target_value(target)))
        .values_list("customer_id", "y")
        .order_by("customer_id")
    )
    customers = sorted(targets)
    row_of = {customer: index for index, customer in enumerate(customers)}
    n = len(customers)
    scores = (
        period.filter(customer_id__in=customers)
        .annotate(at=place)
        .exclude(at="")
        .annotate(score=read.normalised())
        .filter(score__isnull=False)
        .values("customer_id", "at")
        .annotate(x=Avg("score"), **read.counts())
        .order_by()
    )
    columns: dict[str, npt.NDArray[np.float64]] = {}
    kinds: dict[str, dict[str, int]] = {}
    for row in scores:
        if row["at"] not in columns:
            columns[row["at"]] = np.full(n, np.nan)
        values = columns[row["at"]]
        values[row_of[row["customer_id"]]] = row["x"]
        tally = kinds.setdefault(row["at"], {})
        for kind in read.kinds:
            tally[kind] = tally.get(kind, 0) + row[kind]
    driver_columns = []
    for at, values in columns.items():
        main = max(read.kinds, key=lambda k: kinds[at].get(k, 0))
        low, high = SCALES[main]
        driver_columns.append(
            drivers.DriverColumn(
                key=f"touchpoint:{at}",
                kind="score",
                values=values,
                low=(DETRACTOR_MAX[main] - low) / (high - low),
            )
        )
    mentions = (
        TopicAssignment.objects.of(workspace)
        .filter(
            topic__status=Topic.Status.ACTIVE,
            topic__workspace=workspace,
            response__workspace=workspace,
            response__customer_id__in=customers,
            response__submitted_at__gte=since,
            response__submitted_at__lt=until,
        )
        .values_list("response__customer_id", "topic_id")
        .distinct()
        .order_by()
    )
    flags: dict[int, npt.NDArray[np.float64]] = {}
    for customer, topic_id in mentions:
        if topic_id not in flags:
            flags[topic_id] = np.zeros(n)
        flags[topic_id][row_of[customer]] = 1.0
    ranked = sorted(flags, key=lambda t: (-int(flags[t].sum()), t))
    driver_columns += [
        drivers.DriverColumn(key=f"topic:{t}", kind="flag", values=flags[t])
        for t in ranked[:MAX_TOPIC_DRIVERS]
    ]
    analysis = (
        drivers.analyse(np.array([targets[c] for c in customers]), driver_columns)
        if customers
        else None
    )
    topics: dict[int, Topic] = Topic.objects.of(workspace).in_bulk(list(flags))

    def name(key: str) -> str:
        kind, _colon, value = key.partition(":")
        if kind == "touchpoint":
            return _place_name(value, touchpoints)
        return topics[int(value)].label

    rows = []
    for driver in analysis.drivers if analysis else []:
        kind, _colon, value = driver.key.partition(":")
        rows.append(
            DriverRow(
                driver=driver,
                name=name(driver.key),
                touchpoint=value if kind == "touchpoint" else None,
                topic=topics[int(value)] if kind == "topic" else None,
            )
        )
    too_rare = [name(key) for key in analysis.too_rare] if analysis else []
    too_rare += [topics[t].label for t in ranked[MAX_TOPIC_DRIVERS:]]
    return DriverReport(
        target=target,
        customers=n,
        unlinked=unlinked,
        analysis=analysis,
        rows=rows,
        too_rare=too_rare,
        reason=_no_analysis_reason(target, n, analysis, driver_columns),
        computed_at=timezone.now(),
    )


def _no_analysis_reason(
    target: str,
    n: int,
    analysis: drivers.DriverAnalysis | None,
    columns: list[drivers.DriverColumn],
) -> str:
    if analysis is not None:
        return ""
    what = _("NPS") if target == "nps" else _("overall CSAT")
    if n < drivers.MIN_CUSTOMERS:
        return _(
            "Key drivers need at least %(minimum)d customers who gave an "
            "%(target)s answer in this period; there are %(n)d."
        ) % {"minimum": drivers.MIN_CUSTOMERS, "target": what, "n": n}
    if not columns:
        return _(
            "None of these customers answered at a touchpoint or wrote a comment "
            "with a topic in this period."
        )
    return _(
        "Too few of these customers (fewer than %(minimum)d) answered at any "
        "touchpoint or mentioned any topic."
    ) % {"minimum": drivers.MIN_DRIVER}
