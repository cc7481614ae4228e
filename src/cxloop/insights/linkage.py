"""CX and business: what customers did after they answered.

Each known customer's first scored answer in the period is linked to the
orders they placed in the following 90 or 180 days (revenue, orders, whether
they bought again) and to whether they ordered at all within the shop's
usual time between orders (lapsed or not). Customers are grouped by NPS band
and, per touchpoint, by score band. One row per customer and group keeps
the customers independent, which the intervals assume.

Only answers old enough for their whole window count: a window is over when
its last day has passed, so the cut-off is a local day and the report stays
the same all day.

Association, never cause: customers who score high may be the ones who buy
more anyway. The pages say so.

Cost: one count and one query over the answers, which counts and sums each
answer's orders in the database by correlated subqueries on the orders'
(customer, placed_at) index; one query reads a sample of order gaps and one
the latest orders' currency. The rest is arithmetic over the rows.
"""

import math
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from cxloop import caching, stats
from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.errors import InvalidInput
from cxloop.insights import answer_orders, revenue_intervals, selectors
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors

WINDOWS = (90, 180)
MAX_WINDOW_DAYS = 730
# Without a chosen start, answers of the year before the cut-off count.
DEFAULT_PERIOD_DAYS = 365
# The shop's usual time between orders needs this many repeat orders.
MIN_GAPS = 20
CACHE_SECONDS = 600
# Answer dates a filter may name (as the dashboard's period forms allow).
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)
# From an all-detractor NPS (−100) to an all-promoter one (100).
NPS_SPAN = 200

NPS_BANDS = (
    ("promoter", gettext_noop("Promoters (9–10)")),
    ("passive", gettext_noop("Passives (7–8)")),
    ("detractor", gettext_noop("Detractors (0–6)")),
)
# A touchpoint's score: the first of these an answer carries.
SCORE_KINDS = ("csat", "rating", "ces")
SCORE_NAMES = {
    "csat": gettext_noop("CSAT (1–5)"),
    "rating": gettext_noop("Stars (1–5)"),
    "ces": gettext_noop("Effort (1–7, higher is easier)"),
}
# (key, label, lowest score, highest score) per kind, low band first.
SCORE_BANDS: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    "csat": (
        ("1-2", gettext_noop("1–2: unhappy"), 1, 2),
        ("3", gettext_noop("3: neutral"), 3, 3),
        ("4-5", gettext_noop("4–5: happy"), 4, 5),
    ),
    "rating": (
        ("1-2", gettext_noop("1–2 stars"), 1, 2),
        ("3", gettext_noop("3 stars"), 3, 3),
        ("4-5", gettext_noop("4–5 stars"), 4, 5),
    ),
    "ces": (
        ("1-3", gettext_noop("1–3: hard"), 1, 3),
        ("4", gettext_noop("4: neutral"), 4, 4),
        ("5-7", gettext_noop("5–7: easy"), 5, 7),
    ),
}


class AnswerFilter(Protocol):
    """Which answers count; `insights.metrics.MetricFilter` fits too."""

    @property
    def since(self) -> date | None: ...
    @property
    def until(self) -> date | None: ...
    @property
    def touchpoint(self) -> str | None: ...
    @property
    def survey(self) -> str | None: ...
    @property
    def channel(self) -> str | None: ...


@dataclass(frozen=True)
class LinkageFilter:
    since: date | None = None  # first local day of answers included
    until: date | None = None  # last local day included (if windows are over)
    touchpoint: str | None = None
    survey: str | None = None  # survey key
    channel: str | None = None


@dataclass(frozen=True)
class BandOutcome:
    """What the customers of one band did after answering.

    `revenue` (net of refunds, per customer), `orders` (per customer) and
    `bought_again` (% who placed an order) are over the window and count the
    customers whose window is over (`customers`); `churned` (% with no order
    within the shop's usual time between orders) has its own n, the
    customers whose churn window is over, and is None when the shop has too
    few repeat orders to know that time.
    """

    key: str
    label: str
    customers: int
    revenue: stats.Estimate
    orders: stats.Estimate
    bought_again: stats.Estimate
    churned: stats.Estimate | None
    too_small: bool
    churn_too_small: bool


@dataclass(frozen=True)
class TouchpointBands:
    touchpoint: str  # key; "" for answers tied to no touchpoint
    label: str
    score: str  # csat | rating | ces
    score_label: str
    bands: list[BandOutcome]


@dataclass(frozen=True)
class PointValue:
    """Revenue per customer in the window that one NPS point goes with.

    (promoters' mean − detractors' mean) / 200, with the 95 % interval of
    that difference divided alike. None when either group is empty;
    no interval below two customers a group.
    """

    value: float | None
    low: float | None
    high: float | None
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    method: str
    promoters: int
    detractors: int
    too_small: bool

    @property
    def ci95(self) -> tuple[float, float] | None:
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)

    @property
    def clear(self) -> bool:
        """Whether the interval leaves out zero."""
        return self.ci95 is not None and (self.ci95[0] > 0 or self.ci95[1] < 0)


@dataclass(frozen=True)
class Churn:
    """The shop's usual time between orders: the 90th percentile of the gaps
    between a customer's consecutive orders. None below MIN_GAPS gaps."""

    days: int | None
    median_days: float | None
    gaps: int
    answered_before: date | None  # answers before this local day count


@dataclass(frozen=True)
class LinkageReport:
    computed_at: datetime
    window_days: int
    since: date  # first local day of answers counted
    answered_before: date  # answers before this local day have a full window
    currency: str | None
    churn: Churn
    nps: list[BandOutcome]
    touchpoints: list[TouchpointBands]
    point_value: PointValue
    customers: int  # distinct customers with a full window in any group
    unlinked: int  # scored answers of unknown people in the period, left out
    minimum: int

    @property
    def empty(self) -> bool:
        """No customer counts in any figure: nothing to show but why."""
        groups = [*self.nps, *(band for t in self.touchpoints for band in t.bands)]
        return not any(
            group.customers or (group.churned and group.churned.n) for group in groups
        )


_reports: caching.TtlCache[tuple[Any, ...], "LinkageReport"] = caching.ttl_cache(
    seconds=CACHE_SECONDS
)


# Grouping -----------------------------------------------------------------


@dataclass
class _Group:
    """The customers of one band: window outcomes and churn flags."""

    revenue: list[float] = field(default_factory=list)
    orders: list[float] = field(default_factory=list)
    churned: list[bool] = field(default_factory=list)


def _add(row: answer_orders.AnswerRow, group: _Group) -> None:
    if row.in_window:
        group.revenue.append(row.revenue)
        group.orders.append(float(row.orders))
    if row.in_churn:
        group.churned.append(not row.came_back)


def _outcome(
    key: str, label: str, group: _Group, *, churn_known: bool, minimum: int
) -> BandOutcome:
    n = len(group.revenue)
    churned = (
        stats.share_estimate(sum(group.churned), len(group.churned))
        if churn_known
        else None
    )
    return BandOutcome(
        key=key,
        label=label,
        customers=n,
        revenue=revenue_intervals.revenue_estimate(group.revenue),
        orders=stats.mean_estimate(stats.Sample.of(group.orders), 0.0, math.inf),
        bought_again=stats.share_estimate(sum(1 for o in group.orders if o), n),
        churned=churned,
        too_small=stats.sample_too_small(n, minimum=minimum),
        churn_too_small=stats.sample_too_small(len(group.churned), minimum=minimum),
    )


def _band_of(kind: str, score: int) -> str:
    for key, _label, lowest, highest in SCORE_BANDS[kind]:
        if lowest <= score <= highest:
            return key
    return ""  # off the scale: an imported answer; left out


def _churn(gaps: Iterable[timedelta], before: date) -> Churn:
    days = [gap.total_seconds() / 86400 for gap in gaps]
    if len(days) < MIN_GAPS:
        return Churn(None, None, len(days), None)
    found = stats.quantiles(days)
    assert found.p90 is not None  # noqa: S101 - there are MIN_GAPS of them
    usual = max(1, math.ceil(found.p90))
    return Churn(usual, found.median, len(days), before - timedelta(days=usual))


def _touchpoint_order(
    workspace: Workspace, keys: Iterable[str]
) -> list[tuple[str, str]]:
    """(key, name) in journey order; unknown keys after, tied to none last."""
    known = [
        (t.key, t.display_name)
        for t in journey_selectors.touchpoint_list(workspace=workspace)
    ]
    named = {key for key, _name in known}
    wanted = set(keys)
    ordered = [(key, name) for key, name in known if key in wanted]
    ordered += [(key, key) for key in sorted(wanted - named) if key]
    if "" in wanted:
        ordered.append(("", _("Not tied to a touchpoint")))
    return ordered


# The report ---------------------------------------------------------------


def _start(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _check_period(chosen: AnswerFilter) -> None:
    for name in ("since", "until"):
        day = getattr(chosen, name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise InvalidInput(_("Choose a date between 1970 and 2999."), field=name)
    if chosen.since and chosen.until and chosen.since > chosen.until:
        raise InvalidInput(_("The start must not be after the end."), field="since")


def linkage_report(
    *,
    workspace: Workspace,
    window_days: int = 90,
    filters: AnswerFilter | None = None,
    at: datetime | None = None,
) -> LinkageReport:
    """Revenue, orders, buying again and lapsing after answers, per band.

    `at` is the moment the report is for (now by default); windows are over
    when their last local day is before the day of `at`. A report is kept
    for CACHE_SECONDS: only answers and orders before today count, so only
    a late import or refund changes it within a day.
    """
    if not 1 <= window_days <= MAX_WINDOW_DAYS:
        raise InvalidInput(
            _("The window must be between 1 and %(days)s days.")
            % {"days": MAX_WINDOW_DAYS},
            field="window",
        )
    chosen = filters or LinkageFilter()
    _check_period(chosen)
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    today = (at or timezone.now()).astimezone(zone).date()
    minimum = selectors.minimum_n(workspace=workspace)
    key = (
        workspace.pk,
        window_days,
        chosen.since,
        chosen.until,
        chosen.touchpoint or None,
        chosen.survey or None,
        chosen.channel or None,
        today,
        get_language(),  # labels and touchpoint names are in it
        minimum,  # the workspace may change it
    )
    report = _reports.get(key)
    if report is None:
        report = _report(workspace, window_days, chosen, zone, today, minimum)
        _reports.put(key, report)
    return report


def _report(
    workspace: Workspace,
    window_days: int,
    chosen: AnswerFilter,
    zone: zoneinfo.ZoneInfo,
    today: date,
    minimum: int,
) -> LinkageReport:
    window_before = today - timedelta(days=window_days)
    churn = _churn(customer_selectors.order_gaps(workspace=workspace), today)
    if chosen.until is not None:
        after_until = chosen.until + timedelta(days=1)
        window_before = min(window_before, after_until)
        if churn.answered_before is not None:
            churn = Churn(
                churn.days,
                churn.median_days,
                churn.gaps,
                min(churn.answered_before, after_until),
            )
    since = chosen.since or window_before - timedelta(days=DEFAULT_PERIOD_DAYS)
    last_before = max(window_before, churn.answered_before or window_before)
    currency = customer_selectors.order_currency(workspace=workspace)

    answers = survey_selectors.scored_answers(
        workspace=workspace,
        since=_start(since, zone),
        before=_start(last_before, zone),
        touchpoint=chosen.touchpoint or None,
        survey=chosen.survey or None,
        channel=chosen.channel or None,
    )
    unlinked = answers.filter(customer=None).count()
    rows = answer_orders.answer_rows(
        workspace=workspace,
        answers=answers.exclude(customer=None),
        window_days=window_days,
        window_before=_start(window_before, zone),
        churn_days=churn.days,
        churn_before=(
            _start(churn.answered_before, zone) if churn.answered_before else None
        ),
        currency=currency,
    )
    nps: dict[str, _Group] = {key: _Group() for key, _label in NPS_BANDS}
    nps_seen: set[int] = set()
    places: dict[tuple[str, str], dict[str, _Group]] = {}
    place_seen: set[tuple[str, str, int]] = set()
    linked: set[int] = set()
    for row in rows:
        if row.nps is not None and row.customer not in nps_seen:
            nps_seen.add(row.customer)
            _add(row, nps[_nps_band(row.nps)])
            if row.in_window:
                linked.add(row.customer)
        kind, value = _touchpoint_score(row)
        if value is None or (row.touchpoint, kind, row.customer) in place_seen:
            continue
        place_seen.add((row.touchpoint, kind, row.customer))
        band = _band_of(kind, value)
        if band:
            bands = places.setdefault((row.touchpoint, kind), {})
            _add(row, bands.setdefault(band, _Group()))
            if row.in_window:
                linked.add(row.customer)

    known = churn.days is not None
    return LinkageReport(
        computed_at=timezone.now(),
        window_days=window_days,
        since=since,
        answered_before=window_before,
        currency=currency,
        churn=churn,
        nps=[
            _outcome(key, _(label), nps[key], churn_known=known, minimum=minimum)
            for key, label in NPS_BANDS
        ],
        touchpoints=_touchpoint_tables(workspace, places, known, minimum),
        point_value=_point_value(nps, minimum),
        customers=len(linked),
        unlinked=unlinked,
        minimum=minimum,
    )


def _nps_band(score: int) -> str:
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


def _touchpoint_score(row: answer_orders.AnswerRow) -> tuple[str, int | None]:
    """The kind and value of the answer's touchpoint score (see SCORE_KINDS)."""
    if row.csat is not None:
        return "csat", row.csat
    if row.rating is not None:
        return "rating", row.rating
    return "ces", row.ces


def _touchpoint_tables(
    workspace: Workspace,
    places: dict[tuple[str, str], dict[str, _Group]],
    churn_known: bool,
    minimum: int,
) -> list[TouchpointBands]:
    tables = []
    for key, name in _touchpoint_order(workspace, {place for place, _k in places}):
        for kind in SCORE_KINDS:
            bands = places.get((key, kind))
            if bands is None:
                continue
            tables.append(
                TouchpointBands(
                    touchpoint=key,
                    label=name,
                    score=kind,
                    score_label=_(SCORE_NAMES[kind]),
                    bands=[
                        _outcome(
                            band,
                            _(label),
                            bands.get(band, _Group()),
                            churn_known=churn_known,
                            minimum=minimum,
                        )
                        for band, label, _low, _high in SCORE_BANDS[kind]
                    ],
                )
            )
    return tables


def _point_value(nps: dict[str, _Group], minimum: int) -> PointValue:
    promoters, detractors = nps["promoter"].revenue, nps["detractor"].revenue
    difference, low, high, method = revenue_intervals.revenue_difference(
        detractors, promoters
    )

    def per_point(value: float | None) -> float | None:
        return None if value is None else value / NPS_SPAN

    return PointValue(
        value=per_point(difference),
        low=per_point(low),
        high=per_point(high),
        difference=difference,
        difference_low=low,
        difference_high=high,
        method=method,
        promoters=len(promoters),
        detractors=len(detractors),
        too_small=min(len(promoters), len(detractors)) < minimum,
    )


def method_sentences(report: LinkageReport) -> dict[str, str]:
    """The method in one sentence per figure, as the page and the API say it."""
    days = report.window_days
    sentences = {
        "linkage": _(
            "Each known customer's first scored answer in the period is linked to "
            "the orders they placed in the %(days)s days after it (cancelled orders "
            "left out, refunds subtracted), and the bands are compared as they "
            "are: an association, not a cause — customers who score high may "
            "simply be those who buy more anyway."
        )
        % {"days": days},
        "bought_again": _(
            "Bought again: placed at least one order in the %(days)s days after "
            "answering."
        )
        % {"days": days},
        "revenue": _(
            "Revenue intervals are percentile bootstraps over customers "
            "(%(resamples)s resamples) in groups of up to %(most)s customers; "
            "larger groups get the t interval, since the mean of that many "
            "customers' revenue is close to normal even though one customer's "
            "revenue is skewed. Shares use the Wilson interval, orders the t "
            "interval."
        )
        % {
            "resamples": formats.number_format(
                revenue_intervals.BOOTSTRAP_RESAMPLES, force_grouping=True
            ),
            "most": formats.number_format(
                revenue_intervals.BOOTSTRAP_MAX_N, force_grouping=True
            ),
        },
        "point_value": _(
            "Value of one NPS point: the difference in mean %(days)s-day revenue "
            "per customer between promoters and detractors, divided by the 200 "
            "points between an NPS of −100 and one of 100, with the 95 %% "
            "interval of that difference divided alike."
        )
        % {"days": days},
    }
    if report.churn.days is not None:
        sentences["churn"] = _(
            "Lapsed: no order within %(days)s days after answering, the 90th "
            "percentile of the time between a customer's consecutive orders in "
            "this shop (from %(gaps)s repeat orders), so 9 in 10 repeat orders "
            "come sooner."
        ) % {"days": report.churn.days, "gaps": report.churn.gaps}
    else:
        sentences["churn"] = _(
            "Lapsing is not shown: the shop has fewer than %(gaps)s repeat orders "
            "to learn its usual time between orders from."
        ) % {"gaps": MIN_GAPS}
    return sentences
