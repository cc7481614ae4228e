"""Intervals and tests for every figure a page shows, computed one way.

Cross-cutting like `caching` and `errors`: no Django, no domain app, so
every app (metrics, irritants, drivers, recovery, holdouts) asks the same
question the same way and gets the same answer.

Every figure is on the scale people read it on: NPS in points from −100 to
100, a share in percent (0…100), a mean on its question's scale. Intervals
are 95 % and never leave that scale; a comparison's interval never leaves
the scale of the difference (e.g. −200…200 for two NPS). An empty group
gives an `Estimate` whose value is None, never a division error.

- NPS: % promoters − % detractors. Its interval is the one of the issue,
  100·z·√(((p + d) − (p − d)²)/n), with the shares taken after adding ¾ of a
  promoter and ¾ of a detractor (n + 3), the adjusted Wald interval that
  Rocks (2016, The American Statistician) found to cover best: without it
  three promoters would get the zero-width interval "100 (100 … 100)".
  With hundreds of answers the two agree to a fraction of a point.
- Shares (top-2-box CSAT, % easy, yes/no, stars ≥ 4): Wilson score
  interval; differences by Newcombe's hybrid score interval (method 10 of
  Newcombe 1998) with the pooled two-proportion z-test.
- Means (CSAT, CES, stars): Student's t interval; differences by Welch's
  t-test.
- Durations (time to first response, to resolution): median and 90th
  percentile with their n.

scipy is imported only when a t quantile is needed: it costs a second.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Z95 = 1.959963984540054  # the normal quantile of 0.975
ALPHA = 0.05
# Below this many answers a figure is greyed and says why (the workspace
# may choose another minimum).
MINIMUM_N = 30
# Rocks' adjusted Wald: pseudo-answers added to promoters and detractors.
NPS_PSEUDO = 0.75


def gettext_noop(message: str) -> str:
    """Marks a name for translation without importing Django.

    Pages show `gettext(estimate.method)`; `makemessages` finds the names
    through this function's name.
    """
    return message


NPS_METHOD = gettext_noop("adjusted Wald interval")
WILSON_METHOD = gettext_noop("Wilson score interval")
T_METHOD = gettext_noop("t interval")
NPS_TEST = gettext_noop("z-test of two NPS")
SHARE_TEST = gettext_noop("two-proportion z-test")
WELCH_TEST = gettext_noop("Welch's t-test")


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95 % interval and the number of answers behind it.

    `value`, `low` and `high` are None when there are no answers; `low` and
    `high` alone are None when the answers can't give an interval (a mean
    of one answer).
    """

    value: float | None
    low: float | None
    high: float | None
    n: int
    method: str

    @property
    def ci95(self) -> tuple[float, float] | None:
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)

    def too_few(self, minimum: int = MINIMUM_N) -> bool:
        """Fewer answers than a page trusts: shown greyed, with the reason."""
        return sample_too_small(self.n, minimum=minimum)


@dataclass(frozen=True)
class Comparison:
    """How much group b is above group a, tested.

    `difference` is b − a on the figure's scale (NPS points, percentage
    points, scale points); None when either group is empty. `low`, `high`
    and `p_value` are None when the groups are too small to test (a mean
    needs two answers per group). `test` names the test, so a page can say
    "two-proportion z-test, p = 0.03".
    """

    difference: float | None
    low: float | None
    high: float | None
    p_value: float | None
    test: str
    significant: bool
    n_a: int
    n_b: int

    @property
    def ci95(self) -> tuple[float, float] | None:
        if self.low is None or self.high is None:
            return None
        return (self.low, self.high)


@dataclass(frozen=True)
class Quantiles:
    """Median and 90th percentile of durations (or any values), with n."""

    median: float | None
    p90: float | None
    n: int


@dataclass(frozen=True)
class Sample:
    """Count, sum and sum of squares of numeric answers.

    Enough for a mean, its variance and a t interval; a database sums
    them, rollups add them and a group's rest is a subtraction.
    """

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    @classmethod
    def of(cls, values: Iterable[float]) -> "Sample":
        n, total, squares = 0, 0.0, 0.0
        for value in values:
            n += 1
            total += value
            squares += value * value
        return cls(n, total, squares)

    @classmethod
    def of_counts(cls, counts: Mapping[float, int]) -> "Sample":
        """From how many answered each value, e.g. {1: 3, 2: 0, 5: 40}."""
        return cls(
            sum(counts.values()),
            sum(value * count for value, count in counts.items()),
            sum(value * value * count for value, count in counts.items()),
        )

    def __add__(self, other: "Sample") -> "Sample":
        return Sample(
            self.n + other.n, self.total + other.total, self.squares + other.squares
        )

    def __sub__(self, other: "Sample") -> "Sample":
        return Sample(
            self.n - other.n, self.total - other.total, self.squares - other.squares
        )

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def variance(self) -> float | None:
        """Sample variance (n − 1); None below two values."""
        if self.n < 2:
            return None
        centred = self.squares - self.total * self.total / self.n
        return max(0.0, centred / (self.n - 1))

    def widened(self, variance: float) -> "Sample":
        """The same answers with a variance of at least `variance`.

        For a small group whose few answers happen to agree: its own
        spread would give a falsely narrow interval, so a page may take
        a larger group's spread instead.
        """
        own = self.variance
        if own is None or own >= variance:
            return self
        return Sample(
            self.n, self.total, (self.n - 1) * variance + self.total**2 / self.n
        )


@dataclass(frozen=True)
class NpsCounts:
    """Promoters (9–10), passives (7–8) and detractors (0–6)."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @classmethod
    def of(cls, scores: Iterable[int]) -> "NpsCounts":
        promoters = passives = detractors = 0
        for score in scores:
            if score >= 9:
                promoters += 1
            elif score >= 7:
                passives += 1
            else:
                detractors += 1
        return cls(promoters, passives, detractors)

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors


def sample_too_small(n: int, *, minimum: int = MINIMUM_N) -> bool:
    return n < minimum


def _clip(value: float, low: float, high: float) -> float:
    return float(min(high, max(low, value)))


def _normal_p(z: float) -> float:
    """Two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def _t_quantile(df: float) -> float:
    from scipy import stats  # 1 s to import: only when a t is needed

    return float(stats.t.ppf(0.975, df))


def _t_p(t: float, df: float) -> float:
    from scipy import stats

    return float(2 * stats.t.sf(abs(t), df))


def _check_counts(**counts: int) -> None:
    for name, count in counts.items():
        if count < 0:
            raise ValueError(f"{name} must not be negative, not {count}")


# NPS ----------------------------------------------------------------------


def _nps_n(counts: NpsCounts) -> float:
    """n with the pseudo-answers: ¾ promoter, ¾ detractor and 1½ passives."""
    return counts.n + 4 * NPS_PSEUDO


def _nps_adjusted(counts: NpsCounts) -> tuple[float, float]:
    """Rocks' adjusted NPS (as a −1…1 share) and its per-answer variance."""
    n = _nps_n(counts)
    p = (counts.promoters + NPS_PSEUDO) / n
    d = (counts.detractors + NPS_PSEUDO) / n
    return p - d, (p + d) - (p - d) ** 2


def nps_estimate(promoters: int, passives: int, detractors: int) -> Estimate:
    """NPS (−100…100) with its adjusted Wald interval, clipped to the scale.

    The interval is centred on the adjusted NPS, as Rocks defines it, and
    reaches at least the NPS itself (with one answer it would stop just
    short of it).
    """
    _check_counts(promoters=promoters, passives=passives, detractors=detractors)
    counts = NpsCounts(promoters, passives, detractors)
    n = counts.n
    if n == 0:
        return Estimate(None, None, None, 0, NPS_METHOD)
    value = 100 * (promoters - detractors) / n
    centre, variance = _nps_adjusted(counts)
    half = Z95 * math.sqrt(variance / _nps_n(counts))
    low = _clip(100 * (centre - half), -100.0, 100.0)
    high = _clip(100 * (centre + half), -100.0, 100.0)
    return Estimate(value, min(low, value), max(high, value), n, NPS_METHOD)


def nps_from_scores(scores: Iterable[int]) -> Estimate:
    """The NPS of 0–10 answers."""
    counts = NpsCounts.of(scores)
    return nps_estimate(counts.promoters, counts.passives, counts.detractors)


def nps_compare(a: NpsCounts, b: NpsCounts) -> Comparison:
    """NPS of b − NPS of a, by a z-test on the sum of their variances.

    Each variance is the adjusted one of `nps_estimate`, so a small group
    of identical answers still counts as uncertain.
    """
    if a.n == 0 or b.n == 0:
        return Comparison(None, None, None, None, NPS_TEST, False, a.n, b.n)
    difference = 100 * (
        (b.promoters - b.detractors) / b.n - (a.promoters - a.detractors) / a.n
    )
    _, var_a = _nps_adjusted(a)
    _, var_b = _nps_adjusted(b)
    se = 100 * math.sqrt(var_a / _nps_n(a) + var_b / _nps_n(b))
    p = _normal_p(difference / se)
    return Comparison(
        difference,
        _clip(difference - Z95 * se, -200.0, 200.0),
        _clip(difference + Z95 * se, -200.0, 200.0),
        p,
        NPS_TEST,
        p < ALPHA,
        a.n,
        b.n,
    )


# Shares -------------------------------------------------------------------


def _wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson score interval of a share, as fractions 0…1."""
    p = successes / n
    z2 = Z95 * Z95
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At 0 or n the bound is exactly the edge; rounding must not cross it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def share_estimate(successes: int, n: int) -> Estimate:
    """The share of `successes` among `n`, in percent, with a Wilson interval."""
    _check_counts(successes=successes, n=n)
    if successes > n:
        raise ValueError(f"successes ({successes}) must not exceed n ({n})")
    if n == 0:
        return Estimate(None, None, None, 0, WILSON_METHOD)
    low, high = _wilson(successes, n)
    return Estimate(100 * successes / n, 100 * low, 100 * high, n, WILSON_METHOD)


def share_compare(successes_a: int, n_a: int, successes_b: int, n_b: int) -> Comparison:
    """Share of b − share of a in percentage points.

    Interval: Newcombe's hybrid score interval (from the two Wilson
    intervals; it stays within −100…100 and is honest for small groups).
    Test: the pooled two-proportion z-test (the same p as a 2×2 chi-square
    test without continuity correction). The two can disagree at the very
    edge of significance; `significant` follows the test.
    """
    _check_counts(successes_a=successes_a, n_a=n_a, successes_b=successes_b, n_b=n_b)
    if successes_a > n_a or successes_b > n_b:
        raise ValueError("successes must not exceed n")
    if n_a == 0 or n_b == 0:
        return Comparison(None, None, None, None, SHARE_TEST, False, n_a, n_b)
    p_a, p_b = successes_a / n_a, successes_b / n_b
    low_a, high_a = _wilson(successes_a, n_a)
    low_b, high_b = _wilson(successes_b, n_b)
    difference = p_b - p_a
    low = difference - math.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)
    high = difference + math.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2)
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    # Both groups all yes or all no: nothing differs, nothing to test.
    p = _normal_p(difference / se) if se > 0 else 1.0
    return Comparison(
        100 * difference,
        100 * max(-1.0, low),
        100 * min(1.0, high),
        p,
        SHARE_TEST,
        p < ALPHA,
        n_a,
        n_b,
    )


# Means --------------------------------------------------------------------


def _sample(values: Sample | Iterable[float]) -> Sample:
    return values if isinstance(values, Sample) else Sample.of(values)


def mean_estimate(
    values: Sample | Iterable[float], low_bound: float, high_bound: float
) -> Estimate:
    """The mean with its t interval, clipped to the scale low_bound…high_bound.

    One answer has a mean but no interval.
    """
    sample = _sample(values)
    mean, variance = sample.mean, sample.variance
    if mean is None:
        return Estimate(None, None, None, 0, T_METHOD)
    mean = _clip(mean, low_bound, high_bound)  # float sums may stray a hair
    if variance is None:
        return Estimate(mean, None, None, sample.n, T_METHOD)
    half = _t_quantile(sample.n - 1) * math.sqrt(variance / sample.n)
    return Estimate(
        mean,
        _clip(mean - half, low_bound, high_bound),
        _clip(mean + half, low_bound, high_bound),
        sample.n,
        T_METHOD,
    )


def mean_compare(
    a: Sample | Iterable[float],
    b: Sample | Iterable[float],
    low_bound: float,
    high_bound: float,
) -> Comparison:
    """Mean of b − mean of a by Welch's t-test, the interval clipped to the
    widest possible difference (±(high_bound − low_bound)).

    Each group needs two answers for a variance; with fewer there is a
    difference but no interval or test.
    """
    first, second = _sample(a), _sample(b)
    if first.mean is None or second.mean is None:
        return Comparison(None, None, None, None, WELCH_TEST, False, first.n, second.n)
    difference = second.mean - first.mean
    var_a, var_b = first.variance, second.variance
    if var_a is None or var_b is None:
        return Comparison(
            difference, None, None, None, WELCH_TEST, False, first.n, second.n
        )
    part_a, part_b = var_a / first.n, var_b / second.n
    widest = high_bound - low_bound
    if part_a + part_b == 0:
        # No spread in either group: the difference is all there is.
        p = 1.0 if difference == 0 else 0.0
        return Comparison(
            difference,
            difference,
            difference,
            p,
            WELCH_TEST,
            p < ALPHA,
            first.n,
            second.n,
        )
    se = math.sqrt(part_a + part_b)
    df = (part_a + part_b) ** 2 / (
        part_a**2 / (first.n - 1) + part_b**2 / (second.n - 1)
    )
    half = _t_quantile(df) * se
    p = _t_p(difference / se, df)
    return Comparison(
        difference,
        _clip(difference - half, -widest, widest),
        _clip(difference + half, -widest, widest),
        p,
        WELCH_TEST,
        p < ALPHA,
        first.n,
        second.n,
    )


# Durations ----------------------------------------------------------------


def _percentile(ordered: list[float], fraction: float) -> float:
    """Linear between the two nearest ranks (numpy's default, Excel's
    PERCENTILE.INC)."""
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    weight = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * weight


def quantiles(durations: Iterable[float]) -> Quantiles:
    """Median and 90th percentile of durations in any one unit, with n."""
    ordered = sorted(durations)
    if not ordered:
        return Quantiles(None, None, 0)
    return Quantiles(_percentile(ordered, 0.5), _percentile(ordered, 0.9), len(ordered))


def bootstrap_interval(samples: Iterable[float]) -> tuple[float, float]:
    """The 95 % percentile interval of bootstrap replicates.

    It stays within the replicates, so within any scale they are on.
    """
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("a bootstrap interval needs at least one replicate")
    return (_percentile(ordered, 0.025), _percentile(ordered, 0.975))
