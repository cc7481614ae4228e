"""How figures place a response: its touchpoint, stage, owner and team
(from the journey as it is now) and the group it falls in for each grouping.

Read once per call (`journey_of`), so a change to the journey map shows in
the next figure without touching the rollup.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cxloop.accounts.models import LOCALE_CHOICES, Workspace
from cxloop.insights import metrics
from cxloop.insights.metrics import Bucket, Cell, MetricFilter
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response

# The journey as the figures read it ------------------------------------------


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


T = TypeVar("T")
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


def shared_read(key: tuple[object, ...], read: Callable[[], T]) -> T:
    """`read()`, once per key inside `reads_shared()`; always outside it."""
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return cast(T, memo[key])


def journey_of(workspace: Workspace) -> Journey:
    return shared_read(
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


def matches(cell: Cell, filters: MetricFilter, journey: Journey) -> bool:
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


# Groupings ------------------------------------------------------------------


@dataclass
class Grouping:
    keyer: Callable[[Cell], str]
    labeler: Callable[[str], str]
    order: list[str]
    attribute: str | None = None
    dimension: str | None = None  # the rollup's fine dimension it needs


def label_from(labels: dict[str, str], empty: str) -> Callable[[str], str]:
    return lambda key: labels.get(key, key) if key else empty


def grouping_of(group_by: str, journey: Journey) -> Grouping:
    if group_by.startswith(metrics.ATTRIBUTE_PREFIX):
        name = group_by.removeprefix(metrics.ATTRIBUTE_PREFIX)
        return Grouping(
            lambda cell: cell.attribute or "",
            lambda key: key or _("Not set"),
            [],
            attribute=name,
        )
    if group_by in metrics.BUCKETS:
        bucket: Bucket = group_by
        return Grouping(
            lambda cell: metrics.bucket_key(cell.day, bucket),
            lambda key: (
                metrics.bucket_of(metrics.bucket_first_day(key, bucket), bucket).label
            ),
            [],
        )
    stage_labels = {key: label for key, label, _points in journey.stages}
    survey_labels = dict(journey.surveys.values())
    owners = dict(journey.owner_of.values())
    groupings: dict[str, Grouping] = {
        "touchpoint": Grouping(
            journey.touchpoint,
            label_from(journey.touchpoint_labels, _("No touchpoint")),
            journey.order,
        ),
        "stage": Grouping(
            lambda cell: journey.stage_of.get(journey.touchpoint(cell), ""),
            label_from(stage_labels, _("No stage")),
            list(stage_labels),
        ),
        "survey": Grouping(
            journey.survey_key,
            label_from(survey_labels, _("No survey")),
            sorted(survey_labels, key=lambda k: survey_labels[k].casefold()),
        ),
        "channel": Grouping(
            lambda cell: cell.channel,
            label_from(
                {str(k): str(v) for k, v in Response.Channel.choices},
                _("No channel"),
            ),
            [str(value) for value in Response.Channel.values],
            dimension="channel",
        ),
        "language": Grouping(
            lambda cell: cell.language,
            label_from({k: str(v) for k, v in LOCALE_CHOICES}, _("Unknown language")),
            [k for k, _v in LOCALE_CHOICES],
            dimension="language",
        ),
        "segment": Grouping(
            lambda cell: cell.segment,
            label_from({k: str(v) for k, v in metrics.SEGMENT_LABELS.items()}, ""),
            list(metrics.SEGMENTS),
            dimension="segment",
        ),
        "order_value": Grouping(
            lambda cell: cell.band,
            label_from({k: str(v) for k, v in metrics.BAND_LABELS.items()}, ""),
            list(metrics.BAND_KEYS),
            dimension="band",
        ),
        "owner": Grouping(
            lambda cell: journey.owner_of.get(journey.touchpoint(cell), ("", ""))[0],
            label_from(owners, _("No owner")),
            sorted(owners, key=lambda k: owners[k].casefold()),
        ),
        "team": Grouping(
            lambda cell: journey.team_of.get(journey.touchpoint(cell), ""),
            lambda key: key or _("No team"),
            [],
        ),
    }
    return groupings[group_by]
