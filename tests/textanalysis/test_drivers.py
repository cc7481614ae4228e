"""Key-driver analysis on constructed customers with a known structure."""

import numpy as np
import pytest

from cxloop.textanalysis import drivers
from cxloop.textanalysis.drivers import DriverColumn


def _world(n: int = 1500, seed: int = 3) -> tuple[np.ndarray, list[DriverColumn]]:
    rng = np.random.default_rng(seed)
    delivery = rng.random(n)  # explains the target
    search = rng.random(n)  # does not
    search[rng.random(n) < 0.6] = np.nan  # most customers never searched
    late = (rng.random(n) < 0.15).astype(float)  # a topic that costs 20 points
    noise_topic = (rng.random(n) < 0.1).astype(float)
    target = 100 * delivery - 20 * late + rng.normal(0, 15, n)
    return target, [
        DriverColumn("touchpoint:search", "score", search, low=0.3),
        DriverColumn("topic:2", "flag", noise_topic),
        DriverColumn("touchpoint:delivery", "score", delivery, low=0.3),
        DriverColumn("topic:1", "flag", late),
    ]


def test_the_driver_built_to_explain_the_target_gets_the_largest_importance() -> None:
    target, columns = _world()
    analysis = drivers.analyse(target, columns)
    assert analysis is not None

    first, second = analysis.drivers[:2]
    assert first.key == "touchpoint:delivery"
    assert first.importance_ci95[0] > 0  # the interval excludes 0
    assert first.importance_ci95[0] <= first.importance <= first.importance_ci95[1]
    assert second.key == "topic:1"
    assert second.importance_ci95[0] > 0
    by_key = {d.key: d for d in analysis.drivers}
    assert by_key["touchpoint:search"].importance_ci95[0] < 0.01
    assert by_key["topic:2"].importance < 0.01
    assert analysis.r2 == pytest.approx(
        sum(d.importance for d in analysis.drivers), abs=0.01
    )
    assert 0.7 < analysis.r2 < 0.95


def test_n_counts_who_answered_or_mentioned_and_missing_answers_do_not_bias() -> None:
    target, columns = _world()
    analysis = drivers.analyse(target, columns)
    assert analysis is not None
    by_key = {d.key: d for d in analysis.drivers}
    assert by_key["touchpoint:delivery"].n == 1500
    assert 500 < by_key["touchpoint:search"].n < 700
    assert by_key["topic:1"].n == int(columns[3].values.sum())
    # The regression recovers the effects the world was built with.
    assert by_key["touchpoint:delivery"].effect == pytest.approx(100, rel=0.1)
    assert by_key["topic:1"].effect == pytest.approx(-20, abs=4)


def test_the_expected_gain_of_fixing_a_topic_is_its_cost_times_its_share() -> None:
    target, columns = _world()
    analysis = drivers.analyse(target, columns)
    assert analysis is not None
    late = next(d for d in analysis.drivers if d.key == "topic:1")
    share = columns[3].values.mean()
    assert late.expected_gain == pytest.approx(20 * share, rel=0.2)
    low, high = late.expected_gain_ci95
    assert 0 < low < late.expected_gain < high


def test_the_worst_driver_is_the_one_whose_fix_gains_most() -> None:
    target, columns = _world()
    analysis = drivers.analyse(target, columns)
    assert analysis is not None
    worst = analysis.worst
    assert worst is not None
    # Lifting delivery detractors (30 % of customers, from ~0.15 to ~0.65)
    # is worth ~100 × 0.3 × 0.5 = 15 points; no late deliveries only ~3.
    assert worst.key == "touchpoint:delivery"
    assert worst.expected_gain == pytest.approx(15, rel=0.2)


def test_too_few_customers_gives_no_analysis() -> None:
    target, columns = _world(n=20)
    assert drivers.analyse(target, columns) is None


def test_a_topic_only_three_customers_mention_is_too_rare_to_weigh() -> None:
    target, columns = _world()
    rare = np.zeros(len(target))
    rare[:3] = 1
    analysis = drivers.analyse(
        target, [*columns, DriverColumn("topic:9", "flag", rare)]
    )
    assert analysis is not None
    assert analysis.too_rare == ["topic:9"]
    assert "topic:9" not in {d.key for d in analysis.drivers}


def test_relative_weights_sum_to_r_squared() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 4))
    x[:, 1] += x[:, 0]  # correlated drivers share the credit
    y = x @ np.array([1.0, 0.5, 0.0, 2.0]) + rng.normal(size=300)
    weights = drivers.relative_weights(x, y)
    design = np.column_stack([np.ones(300), x])
    fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    r2 = 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert weights.sum() == pytest.approx(r2)
    assert weights.argmax() == 3 and weights[2] < 0.01
