"""Key drivers: how much each touchpoint's score and each topic explains a target.

One row per customer: the target (e.g. their relationship NPS) and, per
driver, their score at a touchpoint (0…1, NaN when they did not answer
there) or whether they mentioned a topic (0/1). The target is regressed on
all drivers together, and each driver's *importance* is its relative
weight (Johnson 2000): a fast, close approximation of its Shapley/LMG
share of R², the part of the target's variance it explains, which stays
fair when drivers overlap. 95 % intervals come from resampling customers
(bootstrap, percentile, by `cxloop.stats`), so an importance's interval
stays within 0…1.

A customer who did not answer at a touchpoint is counted at the
touchpoint's average, with a separate "did not answer" column, so the
touchpoint's weight comes only from those who answered (its `n`). The
*expected gain* of fixing a driver is its regression coefficient times the
change fixing it makes, averaged over all customers: for a touchpoint, its
detractors scoring like the rest of its respondents; for a topic, nobody
having it.
"""

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext_lazy as _
from threadpoolctl import threadpool_limits

from cxloop import stats

Array = npt.NDArray[np.float64]

METHOD = _(
    "Each customer's target is regressed on their score at every touchpoint "
    "and the topics they mentioned; a driver's importance is the share of the "
    "target's variance it explains (Johnson's relative weights, close to a "
    "Shapley split of R²) with a bootstrap interval (95 %), and its expected "
    "gain assumes its detractors scored like the rest (for a topic: that "
    "nobody mentioned it)."
)
MIN_CUSTOMERS = 30  # fewer customers with the target: no analysis
MIN_DRIVER = 5  # a driver answered or mentioned by fewer is too rare to weigh
RESAMPLES = 200


@dataclass(frozen=True)
class DriverColumn:
    key: str
    kind: Literal["score", "flag"]
    values: Array  # one per customer; NaN for "did not answer" (scores only)
    # Scores only: at or below it a customer is a detractor at the touchpoint.
    low: float | None = None


@dataclass(frozen=True)
class Driver:
    key: str
    kind: str
    n: int  # customers who answered at the touchpoint, or mentioned the topic
    importance: float  # share of the target's variance it explains (0…1)
    importance_ci95: tuple[float, float]
    effect: float  # target change per unit of the driver, the others held
    expected_gain: float  # target change if the driver were fixed
    expected_gain_ci95: tuple[float, float]


@dataclass(frozen=True)
class DriverAnalysis:
    n: int
    r2: float
    drivers: list[Driver]  # most important first
    too_rare: list[str]  # keys of drivers with fewer than MIN_DRIVER customers

    @property
    def worst(self) -> Driver | None:
        """The driver whose fix would surely raise the target most.

        Only drivers whose gain interval lies above zero qualify: fixing
        one whose interval includes zero may change nothing.
        """
        gaining = [d for d in self.drivers if d.expected_gain_ci95[0] > 0]
        return max(gaining, key=lambda d: d.expected_gain, default=None)


def _fit(x: Array, y: Array, w: Array) -> tuple[Array, Array]:
    """Relative weights (summing to R²) and OLS slopes, from weighted moments.

    `w` counts how often each row is drawn (all ones for the sample
    itself), so a bootstrap resample costs one small cross-product instead
    of copying the rows.
    """
    n = float(w.sum())
    p = x.shape[1]
    if n < 3:
        return np.zeros(p), np.zeros(p)
    wx = x * w[:, None]
    mean_x = wx.sum(axis=0) / n
    mean_y = float(w @ y) / n
    cov_xx = (x.T @ wx - n * np.outer(mean_x, mean_x)) / (n - 1)
    cov_xy = (wx.T @ y - n * mean_x * mean_y) / (n - 1)
    var_y = (float(w @ (y * y)) - n * mean_y * mean_y) / (n - 1)
    spread = np.sqrt(np.clip(np.diag(cov_xx), 0.0, None))
    if var_y <= 0:
        return np.zeros(p), np.zeros(p)
    safe = np.where(spread > 0, spread, 1.0)
    rxx = cov_xx / np.outer(safe, safe)
    rxy = np.where(spread > 0, cov_xy / safe / np.sqrt(var_y), 0.0)
    # One eigendecomposition gives both the root of the correlation matrix
    # (relative weights) and its pseudo-inverse (the regression's slopes).
    eigenvalues, vectors = np.linalg.eigh(rxx)
    kept = eigenvalues > max(float(eigenvalues[-1]), 1.0) * 1e-10
    root_values = np.sqrt(np.where(kept, eigenvalues, 0.0))
    inverse_root = np.divide(1.0, root_values, out=np.zeros(p), where=kept)
    root = (vectors * root_values) @ vectors.T
    beta = (vectors * inverse_root) @ (vectors.T @ rxy)
    weights: Array = (root**2) @ (beta**2)
    standard = (vectors * inverse_root**2) @ (vectors.T @ rxy)
    slopes: Array = standard * np.sqrt(var_y) / safe
    return weights, slopes


def relative_weights(x: Array, y: Array) -> Array:
    """Johnson's relative weights of the columns of x for y; they sum to R²."""
    return _fit(x, y, np.ones(len(y)))[0]


def _design(columns: list[DriverColumn]) -> Array:
    """Drivers (unanswered scores at their mean), then "did not answer" flags."""
    values, extra = [], []
    for column in columns:
        answered = ~np.isnan(column.values)
        filled = np.where(answered, column.values, column.values[answered].mean())
        values.append(filled)
        if not answered.all():
            extra.append((~answered).astype(np.float64))
    return np.column_stack(values + extra)


def _count(column: DriverColumn) -> int:
    if column.kind == "flag":
        return int(np.count_nonzero(column.values))
    return int(np.count_nonzero(~np.isnan(column.values)))


@dataclass(frozen=True)
class _Fixes:
    """What fixing each driver changes, as weighted sums over customers.

    Flag: everyone who has it loses it (change −share). Score: each
    detractor moves up to the mean of the touchpoint's other respondents.
    """

    flags: Array  # 1 where the driver is a flag
    values: Array  # driver values, 0 where unanswered
    low: Array  # 1 where a score is answered and at or below its bar
    rest: Array  # 1 where a score is answered and above it
    low_values: Array
    rest_values: Array

    @classmethod
    def of(cls, columns: list[DriverColumn]) -> "_Fixes":
        flags = np.array([c.kind == "flag" for c in columns], dtype=np.float64)
        raw = np.column_stack([c.values for c in columns])
        answered = ~np.isnan(raw)
        bars = np.array([c.low if c.low is not None else -np.inf for c in columns])
        values = np.where(answered, raw, 0.0)
        low = (answered & (values <= bars)).astype(np.float64)
        rest = (answered & (values > bars)).astype(np.float64)
        return cls(flags, values, low, rest, low * values, rest * values)

    def changes(self, w: Array) -> Array:
        n = float(w.sum())
        share = (w @ self.values) / n
        rest_count = w @ self.rest
        low_count = w @ self.low
        rest_mean = np.divide(
            w @ self.rest_values,
            rest_count,
            out=np.zeros_like(rest_count),
            where=rest_count > 0,
        )
        raised = np.where(
            rest_count > 0,
            (rest_mean * low_count - w @ self.low_values) / n,
            0.0,
        )
        result: Array = np.where(self.flags > 0, -share, raised)
        return result


def analyse(
    target: Array,
    columns: list[DriverColumn],
    *,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> DriverAnalysis | None:
    """Weigh the drivers of `target`; None with too few customers or drivers.

    Runs BLAS on one thread: the matrices are small, and threads fighting
    over a busy web server's cores made it fifty times slower.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _analyse(target, columns, resamples=resamples, seed=seed)


def _analyse(
    target: Array, columns: list[DriverColumn], *, resamples: int, seed: int
) -> DriverAnalysis | None:
    n = len(target)
    usable: list[DriverColumn] = []
    too_rare: list[DriverColumn] = []
    for column in columns:
        count = _count(column)
        # A topic everybody mentions varies no more than one nobody does.
        weighable = count >= MIN_DRIVER and (column.kind == "score" or count < n)
        (usable if weighable else too_rare).append(column)
    if n < MIN_CUSTOMERS or not usable:
        return None
    design = _design(usable)
    fixes = _Fixes.of(usable)
    p = len(usable)
    weights, slopes = _fit(design, target, np.ones(n))
    effects, changes = slopes[:p], fixes.changes(np.ones(n))
    rng = np.random.default_rng(seed)
    boot_weights = np.empty((resamples, p))
    boot_gains = np.empty((resamples, p))
    for b in range(resamples):
        w = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
        boot_w, boot_slopes = _fit(design, target, w)
        boot_weights[b] = boot_w[:p]
        boot_gains[b] = boot_slopes[:p] * fixes.changes(w)
    drivers = [
        Driver(
            key=column.key,
            kind=column.kind,
            n=_count(column),
            importance=float(weights[j]),
            importance_ci95=stats.bootstrap_interval(boot_weights[:, j].tolist()),
            effect=float(effects[j]),
            expected_gain=float(effects[j] * changes[j]),
            expected_gain_ci95=stats.bootstrap_interval(boot_gains[:, j].tolist()),
        )
        for j, column in enumerate(usable)
    ]
    drivers.sort(key=lambda d: (-d.importance, d.key))
    return DriverAnalysis(
        n=n,
        r2=float(weights.sum()),
        drivers=drivers,
        too_rare=[c.key for c in too_rare],
    )
