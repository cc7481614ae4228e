"""Reads of CX metrics, always within one workspace.

Every function reads counts per cell (local day, survey, touchpoint,
channel, language, segment, order value band; see `metrics.Cell`), keeps
the cells its filter matches and adds them up per group. The counts come
from the rollup plus the answers it does not hold yet (`rollups`), or with
`from_rollup=False` from the raw answers alone; both give the same figures.

Stages, owners and teams are the journey's as it is now: a response counts
at the touchpoint it names, or, naming none, at the first touchpoint (in
journey order) that lists its survey; that touchpoint's stage, owner and
team are read when the figure is asked for.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cxloop.accounts.models import LOCALE_CHOICES, Workspace
from cxloop.errors import InvalidInput
from cxloop.insights import metrics, rollups
from cxloop.insights.metrics import (
    Bucket,
    Cell,
    HeatmapRow,
    Metric,
    MetricFilter,
    MetricGroup,
    MetricRow,
    Tally,
)
from cxloop.insights.models import DEFAULT_MINIMUM_N, InsightSettings
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response


def minimum_n(*, workspace: Workspace) -> int:
    """Answers a group needs before a page trusts its figure (default 30)."""
    found: int | None = (
        InsightSettings.objects.filter(workspace=workspace)
        .values_list("minimum_n", flat=True)
        .first()
    )
    return found or DEFAULT_MINIMUM_N


def insight_settings_get(*, workspace: Workspace) -> InsightSettings:
    """The workspace's settings, unsaved defaults when it never chose any."""
    found = InsightSettings.objects.filter(workspace=workspace).first()
    return found or InsightSettings(workspace=workspace)


# The journey as the figures read it ------------------------------------------


T = TypeVar("T")


@dataclass
class Journey:
    """Names and places of touchpoints, stages and surveys, read once per call."""

    zone: ZoneInfo
    order: list[str] = field(default_factory=list)  # touchpoints in journey order
    stages: list[tuple[str, str, list[str]]] = field(default_factory=list)
    touchpoint_labels: dict[str, str] = field(default_factory=dict)
    stage_of: dict[str, str] = field(default_factory=dict)
    owner_of: dict[str, tuple[str, str]] = field(default_factory=dict)
    team_of: dict[str, str] = field(default_factory=dict)
    surveys: dict[int, tuple[str, str]] = field(default_factory=dict)  # key, label
    attached: dict[int, str] = field(default_factory=dict)  # survey id → touchpoint

    def touchpoint(self, cell: Cell) -> str:
        """Where the response counts: its own touchpoint, else its survey's."""
        return cell.touchpoint or self.attached.get(cell.survey_id, "")

    def survey_key(self, cell: Cell) -> str:
        return self.surveys.get(cell.survey_id, ("", ""))[0]


# What reads inside `reads_shared()` have read: journeys by (workspace,
# language), counts per cell by what they were asked for.
_shared: ContextVar[dict[tuple[object, ...], object] | None] = ContextVar(
    "insights_reads_shared", default=None
)


@contextmanager
def reads_shared() -> Iterator[None]:
    """Every read inside shares one reading of the journey and of each set
    of counts.

    A page asking a dozen figures (the Overview: three headlines, three
    trends, the heat map) otherwise reads stages, touchpoints, surveys and
    the same cells a dozen times; a page changes none of them while it
    reads, so one reading holds. The readers never change what they get.
    """
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _shared_read(key: tuple[object, ...], read: Callable[[], T]) -> T:
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return cast(T, memo[key])


def journey_of(workspace: Workspace) -> Journey:
    return _shared_read(
        ("journey", workspace.pk, get_language() or ""),
        lambda: _journey_read(workspace),
    )


def _journey_read(workspace: Workspace) -> Journey:
    journey = Journey(zone=ZoneInfo(workspace.timezone))
    survey_ids: dict[str, int] = {}
    for survey in survey_selectors.survey_list(workspace=workspace):
        journey.surveys[survey.pk] = (survey.key, survey.display_name)
        survey_ids[survey.key] = survey.pk
    for stage, touchpoints in journey_selectors.journey_map(workspace=workspace):
        keys = [touchpoint.key for touchpoint in touchpoints]
        journey.stages.append((stage.key, stage.display_name, keys))
        for touchpoint in touchpoints:
            key = touchpoint.key
            journey.order.append(key)
            journey.touchpoint_labels[key] = touchpoint.display_name
            journey.stage_of[key] = stage.key
            journey.team_of[key] = touchpoint.team
            if touchpoint.owner is not None:
                journey.owner_of[key] = (
                    str(touchpoint.owner.pk),
                    str(touchpoint.owner),
                )
            for survey_key in touchpoint.survey_keys:
                survey_id = survey_ids.get(str(survey_key))
                if survey_id is not None:
                    journey.attached.setdefault(survey_id, key)
    return journey


def _matches(cell: Cell, filters: MetricFilter, journey: Journey) -> bool:
    """Whether the filter (all but its period) keeps this cell."""
    touchpoint = journey.touchpoint(cell)
    return (
        (filters.touchpoint is None or touchpoint == filters.touchpoint)
        and (filters.touchpoints_in is None or touchpoint in filters.touchpoints_in)
        and (filters.stage is None or journey.stage_of.get(touchpoint) == filters.stage)
        and (filters.survey is None or journey.survey_key(cell) == filters.survey)
        and (filters.channel is None or cell.channel == filters.channel)
        and (filters.language is None or cell.language == filters.language)
        and (filters.segment is None or cell.segment == filters.segment)
    )


# Reading counts -------------------------------------------------------------


def _raw_cells(
    workspace: Workspace,
    zone: ZoneInfo,
    first: date | None,
    last: date | None,
    attribute: str | None = None,
) -> dict[Cell, Tally]:
    """Counts per cell straight from the answers of days first…last."""
    # A day wider on each side in UTC; the exact local day is checked below.
    since = until = None
    with suppress(OverflowError):  # at the calendar's ends: no bound
        since = metrics.day_start(first - timedelta(days=1), zone) if first else None
    with suppress(OverflowError):
        until = metrics.day_start(last + timedelta(days=2), zone) if last else None
    cells: dict[Cell, Tally] = {}
    for row in survey_selectors.response_score_rows(
        workspace=workspace, since=since, until=until, attribute=attribute
    ):
        tally = metrics.tally_of(row["nps"], row["csat"], row["ces"], row["rating"])
        if tally is None:
            continue
        cell = metrics.cell_of(row, zone)
        if (first and cell.day < first) or (last and cell.day > last):
            continue
        metrics.tally_add(cells.setdefault(cell, metrics.tally_new()), tally)
    return cells


def _cells(
    workspace: Workspace,
    journey: Journey,
    filters: MetricFilter,
    first: date | None,
    *,
    dimension: str | None = None,
    attribute: str | None = None,
    from_rollup: bool = True,
) -> dict[Cell, Tally]:
    """Counts per cell of days first…filters.until, with the channel,
    language, segment and band the filter or `dimension` needs."""
    last = filters.until
    if from_rollup and attribute is None:
        equal = {
            name: value
            for name, value in (
                ("channel", filters.channel),
                ("language", filters.language),
                ("segment", filters.segment),
            )
            if value is not None
        }
        cells = _shared_read(
            ("cells", workspace.pk, first, last, dimension, *sorted(equal.items())),
            lambda: rollups.cells_read(
                workspace=workspace,
                first=first,
                last=last,
                dimensions=[dimension] if dimension else [],
                equal=equal,
            ),
        )
        if cells is not None:
            return cells
    return _raw_cells(workspace, journey.zone, first, last, attribute)


# Periods --------------------------------------------------------------------


def _today(workspace: Workspace) -> date:
    return metrics.local_day(timezone.now(), ZoneInfo(workspace.timezone))


def _resolved(workspace: Workspace, filters: MetricFilter) -> MetricFilter:
    """A period with a start ends today when it names no end."""
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidInput(_("since must not be after until."), field="since")
    if filters.since is not None and filters.until is None:
        until = max(_today(workspace), filters.since)
        return replace(filters, until=until)
    return filters


Keyer = Callable[[Cell], str]


@dataclass
class _Counted:
    """Tallies per group key in the period, and in the one before it."""

    current: dict[str, Tally]
    previous: dict[str, Tally] | None


def _count(
    workspace: Workspace,
    journey: Journey,
    filters: MetricFilter,
    keyer: Keyer,
    *,
    compare: bool,
    dimension: str | None = None,
    attribute: str | None = None,
    from_rollup: bool = True,
) -> _Counted:
    before = None
    if compare and filters.days:
        try:
            before = filters.previous()
        except OverflowError:  # a period that starts in year 1 has none
            before = None
    first = before.since if before else filters.since
    cells = _cells(
        workspace,
        journey,
        filters,
        first,
        dimension=dimension,
        attribute=attribute,
        from_rollup=from_rollup,
    )
    counted = _Counted({}, {} if before else None)
    for cell, tally in cells.items():
        if not _matches(cell, filters, journey):
            continue
        if filters.since is None or cell.day >= filters.since:
            target = counted.current
        elif counted.previous is not None:
            target = counted.previous
        else:
            continue
        metrics.tally_add(target.setdefault(keyer(cell), metrics.tally_new()), tally)
    return counted


def _group(
    key: str,
    label: str,
    metric: Metric,
    current: Tally | None,
    previous: Tally | None,
    *,
    compare: bool,
    minimum: int,
) -> MetricGroup:
    now = current or metrics.tally_new()
    estimate = metrics.headline(now, metric)
    before = previous or metrics.tally_new()
    return MetricGroup(
        key=key,
        label=label,
        estimate=estimate,
        secondary=metrics.secondary(now, metric),
        previous=metrics.headline(before, metric) if compare else None,
        comparison=metrics.compare(before, now, metric) if compare else None,
        too_small=estimate.too_few(minimum),
    )


# Groupings ------------------------------------------------------------------


@dataclass
class _Grouping:
    keyer: Keyer
    labeler: Callable[[str], str]
    order: list[str]
    attribute: str | None = None
    dimension: str | None = None  # the rollup's fine dimension it needs


def _label_from(labels: dict[str, str], empty: str) -> Callable[[str], str]:
    return lambda key: labels.get(key, key) if key else empty


def _grouping(group_by: str, journey: Journey) -> _Grouping:
    if group_by.startswith(metrics.ATTRIBUTE_PREFIX):
        name = group_by.removeprefix(metrics.ATTRIBUTE_PREFIX)
        return _Grouping(
            lambda cell: cell.attribute or "",
            lambda key: key or _("Not set"),
            [],
            attribute=name,
        )
    if group_by in metrics.BUCKETS:
        bucket: Bucket = group_by
        return _Grouping(
            lambda cell: metrics.bucket_key(cell.day, bucket),
            lambda key: (
                metrics.bucket_of(metrics.bucket_first_day(key, bucket), bucket).label
            ),
            [],
        )
    stage_labels = {key: label for key, label, _points in journey.stages}
    survey_labels = dict(journey.surveys.values())
    owners = dict(journey.owner_of.values())
    groupings: dict[str, _Grouping] = {
        "touchpoint": _Grouping(
            journey.touchpoint,
            _label_from(journey.touchpoint_labels, _("No touchpoint")),
            journey.order,
        ),
        "stage": _Grouping(
            lambda cell: journey.stage_of.get(journey.touchpoint(cell), ""),
            _label_from(stage_labels, _("No stage")),
            list(stage_labels),
        ),
        "survey": _Grouping(
            journey.survey_key,
            _label_from(survey_labels, _("No survey")),
            sorted(survey_labels, key=lambda k: survey_labels[k].casefold()),
        ),
        "channel": _Grouping(
            lambda cell: cell.channel,
            _label_from(
                {str(k): str(v) for k, v in Response.Channel.choices},
                _("No channel"),
            ),
            [str(value) for value in Response.Channel.values],
            dimension="channel",
        ),
        "language": _Grouping(
            lambda cell: cell.language,
            _label_from({k: str(v) for k, v in LOCALE_CHOICES}, _("Unknown language")),
            [k for k, _v in LOCALE_CHOICES],
            dimension="language",
        ),
        "segment": _Grouping(
            lambda cell: cell.segment,
            _label_from({k: str(v) for k, v in metrics.SEGMENT_LABELS.items()}, ""),
            list(metrics.SEGMENTS),
            dimension="segment",
        ),
        "order_value": _Grouping(
            lambda cell: cell.band,
            _label_from({k: str(v) for k, v in metrics.BAND_LABELS.items()}, ""),
            list(metrics.BAND_KEYS),
            dimension="band",
        ),
        "owner": _Grouping(
            lambda cell: journey.owner_of.get(journey.touchpoint(cell), ("", ""))[0],
            _label_from(owners, _("No owner")),
            sorted(owners, key=lambda k: owners[k].casefold()),
        ),
        "team": _Grouping(
            lambda cell: journey.team_of.get(journey.touchpoint(cell), ""),
            lambda key: key or _("No team"),
            [],
        ),
    }
    return groupings[group_by]


def _check(metric: str, group_by: str | None = None) -> None:
    if metric not in metrics.METRICS:
        raise InvalidInput(_("Unknown metric."), field="metric")
    if group_by is not None and not metrics.is_group_by(group_by):
        raise InvalidInput(_("Unknown grouping."), field="group_by")


# The public reads ------------------------------------------------------------


def metric_summary(
    *,
    workspace: Workspace,
    metric: Metric,
    filters: MetricFilter = MetricFilter(),  # noqa: B008 - frozen, shared safely
    compare: bool = True,
    from_rollup: bool = True,
) -> MetricGroup:
    """The metric over the whole selection; compared with the period before
    when the filter has a start (and `compare`)."""
    _check(metric)
    filters = _resolved(workspace, filters)
    journey = journey_of(workspace)
    counted = _count(
        workspace,
        journey,
        filters,
        lambda cell: "",
        compare=compare,
        from_rollup=from_rollup,
    )
    previous = counted.previous
    return _group(
        "",
        str(metrics.METRIC_LABELS[metric]),
        metric,
        counted.current.get(""),
        previous.get("") if previous is not None else None,
        compare=previous is not None,
        minimum=minimum_n(workspace=workspace),
    )


def metric_groups(
    *,
    workspace: Workspace,
    metric: Metric,
    group_by: str,
    filters: MetricFilter = MetricFilter(),  # noqa: B008 - frozen, shared safely
    compare: bool = True,
    from_rollup: bool = True,
) -> list[MetricGroup]:
    """The metric per group that has answers in the period (or the one before).

    Touchpoints and stages come in journey order, days/weeks/months in time
    order, others in their natural order; the group without a value ("")
    comes last.
    """
    _check(metric, group_by)
    filters = _resolved(workspace, filters)
    journey = journey_of(workspace)
    grouping = _grouping(group_by, journey)
    counted = _count(
        workspace,
        journey,
        filters,
        grouping.keyer,
        compare=compare,
        dimension=grouping.dimension,
        attribute=grouping.attribute,
        from_rollup=from_rollup,
    )
    previous = counted.previous
    keys = set(counted.current) | set(previous or {})
    if group_by in metrics.BUCKETS:
        ordered = sorted(keys)
    else:
        ordered = metrics.ordered_keys(keys, grouping.order)
    minimum = minimum_n(workspace=workspace)
    return [
        _group(
            key,
            grouping.labeler(key),
            metric,
            counted.current.get(key),
            previous.get(key) if previous is not None else None,
            compare=previous is not None,
            minimum=minimum,
        )
        for key in ordered
    ]


def metric_trend(
    *,
    workspace: Workspace,
    metric: Metric,
    filters: MetricFilter = MetricFilter(),  # noqa: B008 - frozen, shared safely
    bucket: Bucket = "week",
    from_rollup: bool = True,
) -> list[MetricGroup]:
    """One group per day, week or month of the period, empty ones included
    (their value None); without a start, from the first answer on."""
    _check(metric)
    if bucket not in metrics.BUCKETS:
        raise InvalidInput(_("Unknown bucket."), field="bucket")
    filters = _resolved(workspace, filters)
    journey = journey_of(workspace)
    counted = _count(
        workspace,
        journey,
        filters,
        lambda cell: metrics.bucket_key(cell.day, bucket),
        compare=False,
        from_rollup=from_rollup,
    )
    last = filters.until or _today(workspace)
    first = filters.since
    if first is None:
        first = _first_day(counted.current, bucket) or last
    minimum = minimum_n(workspace=workspace)
    return [
        _group(
            found.key,
            found.label,
            metric,
            counted.current.get(found.key),
            None,
            compare=False,
            minimum=minimum,
        )
        for found in metrics.buckets_between(first, last, bucket)
    ]


def metric_grid(
    *,
    workspace: Workspace,
    metric: Metric,
    group_by: str = "touchpoint",
    bucket: Bucket = "week",
    filters: MetricFilter = MetricFilter(),  # noqa: B008 - frozen, shared safely
    from_rollup: bool = True,
) -> list[MetricRow]:
    """Groups × periods (e.g. NPS per touchpoint and week): a row per group
    with answers, a cell per bucket of the period, empty ones included."""
    _check(metric, group_by)
    if bucket not in metrics.BUCKETS:
        raise InvalidInput(_("Unknown bucket."), field="bucket")
    filters = _resolved(workspace, filters)
    journey = journey_of(workspace)
    grouping = _grouping(group_by, journey)
    counted = _count(
        workspace,
        journey,
        filters,
        lambda cell: (
            grouping.keyer(cell) + "\x00" + metrics.bucket_key(cell.day, bucket)
        ),
        compare=False,
        dimension=grouping.dimension,
        attribute=grouping.attribute,
        from_rollup=from_rollup,
    )
    tallies: dict[str, dict[str, Tally]] = {}
    for key, tally in counted.current.items():
        group, period = key.split("\x00")
        tallies.setdefault(group, {})[period] = tally
    last = filters.until or _today(workspace)
    first = filters.since or min(
        (_first_day(periods, bucket) or last for periods in tallies.values()),
        default=last,
    )
    buckets = metrics.buckets_between(first, last, bucket)
    if group_by in metrics.BUCKETS:
        ordered = sorted(tallies)
    else:
        ordered = metrics.ordered_keys(tallies, grouping.order)
    minimum = minimum_n(workspace=workspace)
    return [
        MetricRow(
            key=group,
            label=grouping.labeler(group),
            cells=[
                _group(
                    found.key,
                    found.label,
                    metric,
                    tallies[group].get(found.key),
                    None,
                    compare=False,
                    minimum=minimum,
                )
                for found in buckets
            ],
        )
        for group in ordered
    ]


def _first_day(tallies: dict[str, Tally], bucket: Bucket) -> date | None:
    """The first day of the earliest bucket key among `tallies`."""
    if not tallies:
        return None
    return metrics.bucket_first_day(min(tallies), bucket)


def metric_heatmap(
    *,
    workspace: Workspace,
    metric: Metric,
    filters: MetricFilter = MetricFilter(),  # noqa: B008 - frozen, shared safely
    from_rollup: bool = True,
) -> list[HeatmapRow]:
    """Stages × touchpoints in journey order, a cell per touchpoint (its value
    None when nobody answered there)."""
    _check(metric)
    filters = _resolved(workspace, filters)
    journey = journey_of(workspace)
    counted = _count(
        workspace,
        journey,
        filters,
        journey.touchpoint,
        compare=False,
        from_rollup=from_rollup,
    )
    minimum = minimum_n(workspace=workspace)
    return [
        HeatmapRow(
            stage_key=stage_key,
            stage_label=stage_label,
            cells=[
                _group(
                    key,
                    journey.touchpoint_labels[key],
                    metric,
                    counted.current.get(key),
                    None,
                    compare=False,
                    minimum=minimum,
                )
                for key in touchpoints
            ],
        )
        for stage_key, stage_label, touchpoints in journey.stages
    ]


def metric_movers(
    *,
    workspace: Workspace,
    metric: Metric,
    group_by: str = "touchpoint",
    filters: MetricFilter = MetricFilter(),  # noqa: B008 - frozen, shared safely
    limit: int = 5,
    from_rollup: bool = True,
) -> list[MetricGroup]:
    """Groups whose change against the previous period is significant,
    biggest change first; none without a period start."""
    groups = metric_groups(
        workspace=workspace,
        metric=metric,
        group_by=group_by,
        filters=filters,
        compare=True,
        from_rollup=from_rollup,
    )
    moved = [
        group
        for group in groups
        if group.comparison is not None
        and group.comparison.significant
        and group.comparison.difference is not None
    ]
    moved.sort(key=lambda group: -abs(group.comparison.difference or 0.0))  # type: ignore[union-attr]
    return moved[: max(0, limit)]
