"""What the CX metrics are: scales, headline figures, groups and periods.

Every figure is computed from counts: how many answered each score value
(a `Tally`), so a rollup row, the raw answers of a period and the
difference of two periods give the same figure the same way.

- NPS in points (−100…100) from promoters (9–10), passives and detractors
  (0–6); CSAT as the top-2-box share (4–5) in %, its mean secondary; CES as
  the mean on 1–7, its "% easy" (5–7) secondary; star ratings as the share
  of 4–5 stars, their mean secondary. Intervals and tests are `stats`'.
- A response counts with the first answer of each type (`Response.nps`
  and so on), partial responses too: an answer given on page 1 is an
  answer.
- Segment: `new` (the customer had at most one order placed up to the
  response, cancelled ones left out), `returning` (two or more), `unknown`
  (no customer). Order value band: the same orders' total (currencies are
  not converted), in the bands of `BANDS`.
- Days, weeks (from Monday) and months are the workspace's local ones.
"""

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, NamedTuple, get_args
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cxloop import stats

Metric = Literal["nps", "csat", "ces", "rating"]
METRICS: tuple[Metric, ...] = get_args(Metric)
Bucket = Literal["day", "week", "month"]
BUCKETS: tuple[Bucket, ...] = get_args(Bucket)
GroupBy = Literal[
    "touchpoint",
    "stage",
    "survey",
    "channel",
    "language",
    "segment",
    "order_value",
    "owner",
    "team",
    "day",
    "week",
    "month",
]
GROUP_BYS: tuple[GroupBy, ...] = get_args(GroupBy)
# `attribute:<name>` groups by a customer attribute (read from raw answers).
ATTRIBUTE_PREFIX = "attribute:"
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")

SCALES: dict[Metric, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "rating": (1, 5),
}
# A tally is one list of counts: the responses, then per metric per value.
OFFSETS: dict[Metric, int] = {}
_offset = 1
for _metric, (_low, _high) in SCALES.items():
    OFFSETS[_metric] = _offset
    _offset += _high - _low + 1
TALLY_SIZE = _offset
COLUMNS: tuple[str, ...] = tuple(
    f"{metric}_{value}"
    for metric, (low, high) in SCALES.items()
    for value in range(low, high + 1)
)

METRIC_LABELS = {
    "nps": gettext_lazy("NPS"),
    "csat": gettext_lazy("CSAT"),
    "ces": gettext_lazy("CES"),
    "rating": gettext_lazy("Star rating"),
}
SEGMENTS = ("new", "returning", "unknown")
SEGMENT_LABELS = {
    "new": gettext_lazy("New customers"),
    "returning": gettext_lazy("Returning customers"),
    "unknown": gettext_lazy("Unknown customers"),
}
# (key, lower bound of the customer's order total) from the highest down;
# "0" is a known customer with no orders yet.
BANDS: tuple[tuple[str, Decimal], ...] = (
    ("500+", Decimal(500)),
    ("150-500", Decimal(150)),
    ("50-150", Decimal(50)),
    ("<50", Decimal("0.01")),
)
BAND_KEYS = ("0", "<50", "50-150", "150-500", "500+", "unknown")
BAND_LABELS = {
    "0": gettext_lazy("No orders yet"),
    "<50": gettext_lazy("Under 50"),
    "50-150": gettext_lazy("50–150"),
    "150-500": gettext_lazy("150–500"),
    "500+": gettext_lazy("500 and more"),
    "unknown": gettext_lazy("Unknown customers"),
}


Tally = list[int]


def tally_new() -> Tally:
    return [0] * TALLY_SIZE


def tally_indices(
    nps: int | None, csat: int | None, ces: int | None, rating: int | None
) -> tuple[int, ...] | None:
    """Where one response counts in a tally (the response, then each score);
    None when it carries no score at all."""
    found = [0]
    answers: tuple[tuple[Metric, int | None], ...] = (
        ("nps", nps),
        ("csat", csat),
        ("ces", ces),
        ("rating", rating),
    )
    for metric, value in answers:
        if value is None:
            continue
        low, high = SCALES[metric]
        if low <= value <= high:
            found.append(OFFSETS[metric] + value - low)
    return tuple(found) if len(found) > 1 else None


def tally_of(
    nps: int | None, csat: int | None, ces: int | None, rating: int | None
) -> Tally | None:
    """One response's counts; None when it carries no score at all."""
    indices = tally_indices(nps, csat, ces, rating)
    if indices is None:
        return None
    tally = tally_new()
    for index in indices:
        tally[index] += 1
    return tally


def tally_add(total: Tally, other: Sequence[int], sign: int = 1) -> None:
    for index, count in enumerate(other):
        total[index] += sign * count


def value_counts(tally: Sequence[int], metric: Metric) -> dict[int, int]:
    """How many answered each value of the metric's scale."""
    low, high = SCALES[metric]
    start = OFFSETS[metric]
    return {value: tally[start + value - low] for value in range(low, high + 1)}


def segment_of(customer_id: int | None, orders: int) -> str:
    if customer_id is None:
        return "unknown"
    return "returning" if orders >= 2 else "new"


def band_of(customer_id: int | None, total: Decimal | float | int | None) -> str:
    if customer_id is None:
        return "unknown"
    amount = Decimal(str(total or 0))
    for key, lower in BANDS:
        if amount >= lower:
            return key
    return "0"


class Cell(NamedTuple):
    """What a response is grouped and filtered by (a rollup row's key).

    `attribute` is only read from raw answers (`attribute:<name>`).
    """

    day: date  # local
    survey_id: int
    touchpoint: str  # as the response names it ("" for none)
    channel: str
    language: str
    segment: str
    band: str
    attribute: str | None = None


def cell_of(row: Mapping[str, Any], zone: ZoneInfo) -> Cell:
    """The cell of one of `surveys.selectors.response_score_rows`."""
    customer_id = row["customer_id"]
    attribute = row.get("attribute")
    return Cell(
        local_day(row["submitted_at"], zone),
        row["survey_id"],
        row["touchpoint"],
        row["channel"],
        row["locale"],
        segment_of(customer_id, row["orders"]),
        band_of(customer_id, row["order_total"]),
        None if attribute is None else str(attribute),
    )


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The instant the local day begins."""
    return datetime(day.year, day.month, day.day, tzinfo=zone)


# Figures --------------------------------------------------------------------


def _nps_counts(counts: dict[int, int]) -> stats.NpsCounts:
    return stats.NpsCounts(
        promoters=counts[9] + counts[10],
        passives=counts[7] + counts[8],
        detractors=sum(counts[value] for value in range(7)),
    )


def _sample(counts: dict[int, int]) -> stats.Sample:
    return stats.Sample.of_counts({float(value): n for value, n in counts.items()})


def _share(counts: dict[int, int], low: int) -> tuple[int, int]:
    """Answers at or above `low`, and all answers."""
    return sum(c for v, c in counts.items() if v >= low), sum(counts.values())


def headline(tally: Sequence[int], metric: Metric) -> stats.Estimate:
    counts = value_counts(tally, metric)
    if metric == "nps":
        nps = _nps_counts(counts)
        return stats.nps_estimate(nps.promoters, nps.passives, nps.detractors)
    if metric == "ces":
        return stats.mean_estimate(_sample(counts), 1, 7)
    return stats.share_estimate(*_share(counts, 4))


def secondary(tally: Sequence[int], metric: Metric) -> stats.Estimate | None:
    """CSAT and star ratings: the mean; CES: % easy (5–7); NPS: none."""
    counts = value_counts(tally, metric)
    low, high = SCALES[metric]
    if metric == "nps":
        return None
    if metric == "ces":
        return stats.share_estimate(*_share(counts, 5))
    return stats.mean_estimate(_sample(counts), low, high)


def compare(
    before: Sequence[int], after: Sequence[int], metric: Metric
) -> stats.Comparison:
    """The headline's change from `before` to `after`, tested."""
    a, b = value_counts(before, metric), value_counts(after, metric)
    if metric == "nps":
        return stats.nps_compare(_nps_counts(a), _nps_counts(b))
    if metric == "ces":
        return stats.mean_compare(_sample(a), _sample(b), 1, 7)
    return stats.share_compare(*_share(a, 4), *_share(b, 4))


def interval_method(metric: Metric) -> str:
    """How the headline's interval is computed (untranslated name)."""
    if metric == "nps":
        return stats.NPS_METHOD
    return stats.T_METHOD if metric == "ces" else stats.WILSON_METHOD


def change_test(metric: Metric) -> str:
    """How a change of the headline is tested (untranslated name)."""
    if metric == "nps":
        return stats.NPS_TEST
    return stats.WELCH_TEST if metric == "ces" else stats.SHARE_TEST


# Filters and results --------------------------------------------------------


@dataclass(frozen=True)
class MetricFilter:
    """Which answers a figure is about; days are the workspace's local days."""

    since: date | None = None  # first local day included
    until: date | None = None  # last local day included
    touchpoint: str | None = None
    stage: str | None = None  # a stage's key
    survey: str | None = None  # a survey's key
    channel: str | None = None
    language: str | None = None
    segment: str | None = None  # new | returning | unknown
    touchpoints_in: tuple[str, ...] | None = None  # e.g. a team's touchpoints

    @property
    def days(self) -> int | None:
        """The period's length in days, when it has both ends."""
        if self.since is None or self.until is None:
            return None
        return (self.until - self.since).days + 1

    def previous(self) -> "MetricFilter":
        """The same filter over the period of the same length just before.

        Needs both ends (`ValueError` otherwise).
        """
        days = self.days
        if days is None or self.since is None:
            raise ValueError("the previous period needs since and until")
        return replace(
            self,
            since=self.since - timedelta(days=days),
            until=self.since - timedelta(days=1),
        )


@dataclass(frozen=True)
class MetricGroup:
    """A figure for one group (or the whole selection), with what it needs
    to be read honestly: interval, n, the previous period and the test."""

    key: str  # machine key ("" for the whole selection)
    label: str  # what a person reads
    estimate: stats.Estimate  # the headline value with ci95 and n
    secondary: stats.Estimate | None  # CSAT mean / CES % easy / rating mean
    previous: stats.Estimate | None  # same group, previous period
    comparison: stats.Comparison | None  # previous → current, tested
    too_small: bool  # n below the workspace's minimum


@dataclass(frozen=True)
class HeatmapRow:
    """One stage of the journey with a cell per touchpoint, in journey order."""

    stage_key: str
    stage_label: str
    cells: list[MetricGroup]


@dataclass(frozen=True)
class MetricRow:
    """One group of a grid: a cell per day, week or month of the period."""

    key: str
    label: str
    cells: list[MetricGroup]


class Bucketed(NamedTuple):
    key: str
    label: str
    start: date


def bucket_start(day: date, bucket: Bucket) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


@functools.lru_cache(maxsize=8192)
def bucket_key(day: date, bucket: Bucket) -> str:
    """The machine key of the bucket holding `day` ("2026-W03", "2026-01"…)."""
    start = bucket_start(day, bucket)
    if bucket == "week":
        year, week, _weekday = start.isocalendar()
        return f"{year}-W{week:02d}"
    if bucket == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def bucket_first_day(key: str, bucket: Bucket) -> date:
    """The first day of the bucket a `bucket_key` names."""
    if bucket == "week":
        year, week = key.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    if bucket == "month":
        return date.fromisoformat(f"{key}-01")
    return date.fromisoformat(key)


def bucket_of(day: date, bucket: Bucket) -> Bucketed:
    start = bucket_start(day, bucket)
    if bucket == "week":
        year, week, _weekday = start.isocalendar()
        return Bucketed(
            f"{year}-W{week:02d}",
            _("Week %(week)s, %(year)s") % {"week": week, "year": year},
            start,
        )
    if bucket == "month":
        return Bucketed(
            start.strftime("%Y-%m"),
            formats.date_format(start, "YEAR_MONTH_FORMAT"),
            start,
        )
    return Bucketed(start.isoformat(), formats.date_format(start), start)


def buckets_between(first: date, last: date, bucket: Bucket) -> list[Bucketed]:
    """Every bucket from the one holding `first` to the one holding `last`."""
    found: list[Bucketed] = []
    day = bucket_start(first, bucket)
    while day <= last:
        found.append(bucket_of(day, bucket))
        if bucket == "week":
            day += timedelta(days=7)
        elif bucket == "month":
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            day += timedelta(days=1)
    return found


def is_group_by(value: str) -> bool:
    """A known grouping, or `attribute:<name>` with a plain name."""
    if value.startswith(ATTRIBUTE_PREFIX):
        return bool(ATTRIBUTE_NAME.match(value.removeprefix(ATTRIBUTE_PREFIX)))
    return value in GROUP_BYS


def ordered_keys(keys: Iterable[str], order: Sequence[str]) -> list[str]:
    """`keys` in the given order, unknown ones after it alphabetically, "" last."""
    rank = {key: index for index, key in enumerate(order)}
    return sorted(
        keys, key=lambda key: (key == "", rank.get(key, len(rank)), key.casefold())
    )
