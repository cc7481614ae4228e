"""Emerging topics: Fisher's exact test with Benjamini–Hochberg."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxloop.textanalysis import emerging
from cxloop.textanalysis.emerging import WeekCounts


def _row(
    topic: int, count: int, comments: int, base: int, base_comments: int
) -> WeekCounts:
    return WeekCounts(("delivery", topic), count, comments, base, base_comments)


def test_a_topic_going_from_2_to_20_percent_is_emerging_and_a_stable_one_is_not() -> (
    None
):
    growing = _row(1, 20, 100, 8, 400)  # 2 % of the last 4 weeks, 20 % now
    stable = _row(2, 10, 100, 40, 400)  # 10 % before and now

    results = {r.key[1]: r for r in emerging.detect([stable, growing])}

    assert results[1].emerging
    assert results[1].p_value < 0.01
    assert results[1].share == pytest.approx(0.20)
    assert results[1].baseline_share == pytest.approx(0.02)
    assert not results[2].emerging
    assert results[2].p_value > 0.3


def test_a_shrinking_topic_is_not_emerging() -> None:
    [result] = emerging.detect([_row(1, 2, 100, 80, 400)])
    assert not result.emerging
    assert result.p_value > 0.9


def test_one_new_mention_is_not_enough() -> None:
    [result] = emerging.detect([_row(1, 1, 100, 0, 400)])
    assert result.p_value == pytest.approx(0.2)
    assert not result.emerging


def test_false_discovery_control_tempers_a_borderline_result_among_many() -> None:
    borderline = _row(1, 9, 100, 16, 400)  # 4 % → 9 %: p ≈ 0.04 alone
    alone = emerging.detect([borderline])[0]
    crowd = [_row(t, 5, 100, 20, 400) for t in range(2, 40)]
    among_many = next(r for r in emerging.detect([borderline, *crowd]) if r.key[1] == 1)

    assert alone.p_value < 0.05 and alone.emerging
    assert among_many.p_value == pytest.approx(alone.p_value)
    assert among_many.q_value > 0.05 and not among_many.emerging


def test_topics_not_mentioned_this_week_are_not_tested() -> None:
    assert emerging.detect([_row(1, 0, 100, 30, 400)]) == []


def test_benjamini_hochberg_matches_the_textbook_example() -> None:
    p = [0.01, 0.04, 0.03, 0.005]
    assert emerging.benjamini_hochberg(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])


@given(st.lists(st.floats(0, 1), min_size=1, max_size=50))
def test_adjusted_values_never_fall_below_the_raw_ones(p: list[float]) -> None:
    q = emerging.benjamini_hochberg(p)
    assert all(qi >= pi - 1e-12 and qi <= 1 for pi, qi in zip(p, q, strict=True))
