"""Reads of CX metrics, always within one workspace.

Every function reads counts per cell (local day, survey, touchpoint,
channel, language, segment, order value band; see `metrics.Cell`), keeps
the cells its filter matches and adds them up per group. The counts come
from the rollup plus the answers it does not hold yet (`rollups`), or with
`from_rollup=False` from the raw answers alone; both give the same figures.

Stages, owners and teams are the journey's as it is now (`groupings`): a
response counts at the touchpoint it names, or, naming none, at the first
touchpoint (in journey order) that lists its survey; that touchpoint's
stage, owner and team are read when the figure is asked for.
"""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.insights import groupings, metrics, rollups
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
from cxloop.surveys import selectors as survey_selectors

# Kept here too: callers of the first version read the journey from here.
Journey = groupings.Journey
journey_of = groupings.journey_of
reads_shared = groupings.reads_shared


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
    journey: groupings.Journey,
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
        cells = groupings.shared_read(
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
    journey: groupings.Journey,
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
        if not groupings.matches(cell, filters, journey):
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
    journey = groupings.journey_of(workspace)
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
    journey = groupings.journey_of(workspace)
    grouping = groupings.grouping_of(group_by, journey)
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
    journey = groupings.journey_of(workspace)
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
    journey = groupings.journey_of(workspace)
    grouping = groupings.grouping_of(group_by, journey)
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
    journey = groupings.journey_of(workspace)
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
