"""Team scorecards: what one team or one touchpoint owner is answerable for.

A scorecard gathers, for the touchpoints a team or a person owns
(`Touchpoint.team`, `Touchpoint.owner`): each touchpoint's own score in the
period with its interval, n and the change against the period before
(tested), its monthly trend over a year, the irritants the text analysis
found there, and the cases the team or person worked with their SLA
attainment. Every figure comes from the module that computes it for the
other pages (`insights.selectors`, `textanalysis.selectors`,
`cases.selectors`), so a scorecard never disagrees with them.

A touchpoint's score is the kind of answer it collects most in the period
(NPS, CSAT, CES or stars): a delivery touchpoint asks CSAT, a support line
CES, and a scorecard reads each on its own scale rather than forcing one.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.cases import selectors as case_selectors
from cxloop.cases.models import Case
from cxloop.errors import NotFound
from cxloop.insights import selectors
from cxloop.insights.metrics import (
    METRIC_LABELS,
    METRICS,
    Metric,
    MetricFilter,
    MetricGroup,
)
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys.models import Touchpoint
from cxloop.textanalysis import selectors as text_selectors

Kind = Literal["team", "owner"]
KINDS: tuple[Kind, ...] = ("team", "owner")
DEFAULT_DAYS = 90
TREND_MONTHS = 12
IRRITANTS_SHOWN = 5


@dataclass(frozen=True)
class ScorecardEntry:
    """A team or an owner in the list of scorecards."""

    kind: Kind
    key: str  # the team's name, or the owner's user id
    name: str
    touchpoints: list[str]  # labels, in journey order


@dataclass(frozen=True)
class TouchpointScore:
    key: str
    label: str
    metric: Metric | None  # None: nobody answered there in the period
    metric_label: str
    group: MetricGroup | None
    trend: list[MetricGroup]


@dataclass(frozen=True)
class IrritantLine:
    touchpoint: str
    topic_id: int
    topic: str
    kind: str
    customers: int
    own: float | None
    rest: float | None
    p_value: float | None
    test: str


@dataclass(frozen=True)
class CaseFigures:
    open_by_priority: list[tuple[str, int]]  # (priority label, open cases)
    period: case_selectors.RecoveryGroup | None  # cases opened in the period


@dataclass(frozen=True)
class Scorecard:
    entry: ScorecardEntry
    since: date
    until: date
    minimum_n: int
    touchpoints: list[TouchpointScore]
    irritants: list[IrritantLine]
    cases: CaseFigures


def _owner_name(touchpoint: Touchpoint) -> str:
    owner = touchpoint.owner
    if owner is None:
        return ""
    return owner.get_full_name() or owner.email


def scorecard_list(*, workspace: Workspace) -> list[ScorecardEntry]:
    """Every team and every owner that answers for at least one touchpoint."""
    teams: dict[str, list[str]] = {}
    owners: dict[str, tuple[str, list[str]]] = {}
    for touchpoint in journey_selectors.touchpoint_list(workspace=workspace):
        label = touchpoint.display_name
        if touchpoint.team:
            teams.setdefault(touchpoint.team, []).append(label)
        if touchpoint.owner_id is not None:
            name = _owner_name(touchpoint)
            owners.setdefault(str(touchpoint.owner_id), (name, []))[1].append(label)
    entries = [
        ScorecardEntry("team", name, name, labels)
        for name, labels in sorted(teams.items(), key=lambda item: item[0].casefold())
    ]
    entries += [
        ScorecardEntry("owner", key, name, labels)
        for key, (name, labels) in sorted(
            owners.items(), key=lambda item: item[1][0].casefold()
        )
    ]
    return entries


def _touchpoints_of(
    workspace: Workspace, kind: str, key: str
) -> tuple[ScorecardEntry, list[Touchpoint]]:
    if kind not in KINDS:
        raise NotFound(_("No such scorecard."))
    chosen = [
        touchpoint
        for touchpoint in journey_selectors.touchpoint_list(workspace=workspace)
        if (kind == "team" and touchpoint.team == key)
        or (kind == "owner" and str(touchpoint.owner_id) == key)
    ]
    if not chosen:
        raise NotFound(_("No such scorecard."))
    name = key if kind == "team" else _owner_name(chosen[0])
    labels = [touchpoint.display_name for touchpoint in chosen]
    return ScorecardEntry(kind, key, name, labels), chosen


def _period(
    workspace: Workspace, since: date | None, until: date | None
) -> tuple[date, date]:
    today = timezone.now().astimezone(ZoneInfo(workspace.timezone)).date()
    until = until or today
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    return since, until


def _scores(
    workspace: Workspace,
    touchpoints: list[Touchpoint],
    filters: MetricFilter,
    until: date,
) -> list[TouchpointScore]:
    """Each touchpoint on the scale it asks most, with a year's monthly trend."""
    by_metric = {
        metric: {
            group.key: group
            for group in selectors.metric_groups(
                workspace=workspace,
                metric=metric,
                group_by="touchpoint",
                filters=filters,
            )
        }
        for metric in METRICS
    }
    first_month = until.replace(day=1)
    for _month in range(TREND_MONTHS - 1):
        first_month = (first_month - timedelta(days=1)).replace(day=1)
    scores = []
    for touchpoint in touchpoints:
        found = [
            (groups[touchpoint.key].estimate.n, metric)
            for metric, groups in by_metric.items()
            if touchpoint.key in groups and groups[touchpoint.key].estimate.n
        ]
        if not found:
            scores.append(
                TouchpointScore(
                    touchpoint.key, touchpoint.display_name, None, "", None, []
                )
            )
            continue
        # The most answered scale; on a tie the first in METRICS' order.
        _n, metric = max(found, key=lambda item: (item[0], -METRICS.index(item[1])))
        trend = selectors.metric_trend(
            workspace=workspace,
            metric=metric,
            filters=MetricFilter(
                since=first_month, until=until, touchpoint=touchpoint.key
            ),
            bucket="month",
        )
        scores.append(
            TouchpointScore(
                touchpoint.key,
                touchpoint.display_name,
                metric,
                str(METRIC_LABELS[metric]),
                by_metric[metric][touchpoint.key],
                trend,
            )
        )
    return scores


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _irritants(
    workspace: Workspace, keys: set[str], since: date, until: date
) -> list[IrritantLine]:
    """Topics scoring significantly below the rest at the touchpoints (the
    Irritants page's test), those concerning the most customers first."""
    zone = ZoneInfo(workspace.timezone)
    tables = text_selectors.irritant_report(
        workspace=workspace,
        since=_day_start(since, zone),
        until=_day_start(until + timedelta(days=1), zone),
    )
    lines = [
        IrritantLine(
            touchpoint=table.place.name,
            topic_id=row.topic.pk,
            topic=row.topic.label,
            kind=table.kind,
            customers=row.irritant.customers,
            own=row.irritant.own.value,
            rest=row.irritant.rest.value,
            p_value=row.irritant.comparison.p_value,
            test=_(row.irritant.comparison.test),
        )
        for table in tables
        if table.place.key in keys
        for row in table.rows
        if row.irritant.comparison.significant and row.irritant.impact > 0
    ]
    return sorted(lines, key=lambda line: -line.customers)[:IRRITANTS_SHOWN]


def _cases(
    workspace: Workspace, entry: ScorecardEntry, since: date, until: date
) -> CaseFigures:
    open_counts = case_selectors.case_open_counts(
        workspace=workspace,
        team=entry.key if entry.kind == "team" else None,
        owner_id=int(entry.key) if entry.kind == "owner" else None,
    )
    period = case_selectors.case_recovery_group(
        workspace=workspace,
        group_by=entry.kind,
        key=entry.key,
        since=since,
        until=until,
    )
    by_priority = [
        (str(priority.label), open_counts[priority.value])
        for priority in reversed(Case.Priority)
    ]
    return CaseFigures(by_priority, period)


def scorecard_get(
    *,
    workspace: Workspace,
    kind: str,
    key: str,
    since: date | None = None,
    until: date | None = None,
) -> Scorecard:
    """One team's or owner's scorecard over `since`…`until` (local days;
    the last 90 days by default). `NotFound` for an unknown team or owner."""
    entry, touchpoints = _touchpoints_of(workspace, kind, key)
    since, until = _period(workspace, since, until)
    keys = tuple(touchpoint.key for touchpoint in touchpoints)
    filters = MetricFilter(since=since, until=until, touchpoints_in=keys)
    return Scorecard(
        entry=entry,
        since=since,
        until=until,
        minimum_n=selectors.minimum_n(workspace=workspace),
        touchpoints=_scores(workspace, touchpoints, filters, until),
        irritants=_irritants(workspace, set(keys), since, until),
        cases=_cases(workspace, entry, since, until),
    )
