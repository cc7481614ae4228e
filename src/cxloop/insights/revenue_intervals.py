"""95 % intervals of revenue per customer and of differences between groups.

Revenue per customer over a window is skewed (many zeros, a few large
baskets), so a group's interval is a percentile bootstrap over its
customers up to BOOTSTRAP_MAX_N of them; beyond, the mean of that many is
close to normal and the t interval (`stats.mean_estimate`) holds, at a
fraction of the cost. The seed is fixed, so a page shows the same interval
on every load.
"""

import math
from collections.abc import Sequence

from django.utils.translation import gettext_noop

from cxloop import stats

BOOTSTRAP_MAX_N = 1000
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 14
BOOTSTRAP_METHOD = gettext_noop("percentile bootstrap interval")
# Resamples drawn at once: a group of 1,000 holds 250,000 indices at most.
SLICE = 250


def _resampled_means(values: Sequence[float], seed: int) -> list[float]:
    import numpy as np  # only when a page asks

    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = []
    for start in range(0, BOOTSTRAP_RESAMPLES, SLICE):
        size = min(SLICE, BOOTSTRAP_RESAMPLES - start)
        picks = rng.integers(0, len(data), size=(size, len(data)))
        means.append(data[picks].mean(axis=1))
    resampled: list[float] = np.concatenate(means).tolist()
    return resampled


def revenue_estimate(values: Sequence[float]) -> stats.Estimate:
    """Mean revenue per customer with its 95 % interval, never below zero."""
    n = len(values)
    if n < 2 or n > BOOTSTRAP_MAX_N:
        return stats.mean_estimate(stats.Sample.of(values), 0.0, math.inf)
    mean = math.fsum(values) / n
    low, high = stats.bootstrap_interval(_resampled_means(values, BOOTSTRAP_SEED))
    return stats.Estimate(mean, min(low, mean), max(high, mean), n, BOOTSTRAP_METHOD)


def revenue_difference(
    lower: Sequence[float], upper: Sequence[float]
) -> tuple[float | None, float | None, float | None, str]:
    """mean(upper) − mean(lower) with its 95 % interval and the method's name.

    Bootstrapped (each group resampled on its own) while both groups are
    small enough; beyond, Welch's t interval. No interval below two
    customers a group; no difference without both groups.
    """
    if not lower or not upper:
        return None, None, None, BOOTSTRAP_METHOD
    if max(len(lower), len(upper)) > BOOTSTRAP_MAX_N or min(len(lower), len(upper)) < 2:
        widest = max(0.0, *lower, *upper)
        comparison = stats.mean_compare(
            stats.Sample.of(lower), stats.Sample.of(upper), 0.0, widest
        )
        return comparison.difference, comparison.low, comparison.high, stats.WELCH_TEST
    difference = math.fsum(upper) / len(upper) - math.fsum(lower) / len(lower)
    replicates = [
        a - b
        for a, b in zip(
            _resampled_means(upper, BOOTSTRAP_SEED),
            _resampled_means(lower, BOOTSTRAP_SEED + 1),
            strict=True,
        )
    ]
    low, high = stats.bootstrap_interval(replicates)
    return difference, min(low, difference), max(high, difference), BOOTSTRAP_METHOD
