"""The one statistics module: hand-worked values, published values, properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from cxloop import stats
from cxloop.stats import NpsCounts, Sample

counts = st.integers(0, 400)
scores = st.lists(st.integers(1, 5), min_size=2, max_size=60)


def test_an_nps_of_50_promoters_30_passives_20_detractors_is_30_from_14_to_44() -> None:
    # NPS = 50 % − 20 % = 30. Adjusted Wald (Rocks 2016): add ¾ promoter,
    # ¾ detractor, n + 3 = 103:
    #   p' = 50.75 / 103 = 0.492718, d' = 20.75 / 103 = 0.201456
    #   variance = (p' + d') − (p' − d')² = 0.694175 − 0.084834 = 0.609341
    #   half = 1.96 · √(0.609341 / 103) = 1.96 · 0.076915 = 0.150751
    #   centre p' − d' = 0.291262 → 0.140511 … 0.442013, i.e. 14.1 … 44.2.
    # (The plain Wald of the issue, √((0.7 − 0.09)/100) · 1.96 = 0.1531,
    # gives 14.7 … 45.3: the same to within a point at this n.)
    estimate = stats.nps_estimate(50, 30, 20)

    assert estimate.value == pytest.approx(30.0)
    assert estimate.low == pytest.approx(14.0511, abs=1e-3)
    assert estimate.high == pytest.approx(44.2013, abs=1e-3)
    assert estimate.n == 100
    assert estimate.method == "adjusted Wald interval"


def test_three_promoters_get_an_honestly_wide_nps_interval_inside_the_scale() -> None:
    estimate = stats.nps_estimate(3, 0, 0)

    assert estimate.value == 100
    assert estimate.high == 100  # not 106: intervals never leave the scale
    assert estimate.low is not None and estimate.low < 0  # three say little


def test_raw_nps_scores_count_9_and_10_as_promoters_and_0_to_6_as_detractors() -> None:
    estimate = stats.nps_from_scores([10, 9, 8, 7, 6, 0])
    assert estimate.value == pytest.approx(100 * (2 - 2) / 6)
    assert NpsCounts.of([10, 9, 8, 7, 6, 0]) == NpsCounts(2, 2, 2)


def test_no_answers_give_no_figure_rather_than_a_division_error() -> None:
    for estimate in (
        stats.nps_estimate(0, 0, 0),
        stats.nps_from_scores([]),
        stats.share_estimate(0, 0),
        stats.mean_estimate([], 1, 5),
    ):
        assert (estimate.value, estimate.ci95, estimate.n) == (None, None, 0)
    assert stats.share_compare(0, 0, 3, 10).difference is None
    assert stats.nps_compare(NpsCounts(), NpsCounts(1, 0, 0)).p_value is None
    assert stats.mean_compare([], [1, 2], 1, 5).significant is False
    assert stats.quantiles([]) == stats.Quantiles(None, None, 0)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857, method 3 (Wilson).
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_a_share_has_the_textbook_wilson_interval(
    successes: int, n: int, low: float, high: float
) -> None:
    estimate = stats.share_estimate(successes, n)
    assert estimate.value == pytest.approx(100 * successes / n)
    assert estimate.low == pytest.approx(100 * low, abs=0.01)
    assert estimate.high == pytest.approx(100 * high, abs=0.01)
    assert estimate.method == "Wilson score interval"


def test_a_mean_of_five_answers_has_the_hand_computed_t_interval() -> None:
    # 1…5: mean 3, s = √2.5 = 1.5811, se = 0.7071, t(0.975, 4) = 2.7764,
    # half = 1.9632 → 1.0368 … 4.9632.
    estimate = stats.mean_estimate([1, 2, 3, 4, 5], 1, 5)
    assert estimate.value == 3
    assert estimate.low == pytest.approx(1.0368, abs=1e-4)
    assert estimate.high == pytest.approx(4.9632, abs=1e-4)
    assert estimate.method == "t interval"


def test_a_t_interval_that_would_pass_the_top_of_the_scale_stops_there() -> None:
    # 5, 5, 4: mean 4.667, se 0.3333, t(0.975, 2) = 4.3027 → 3.232 … 6.101.
    estimate = stats.mean_estimate([5, 5, 4], 1, 5)
    assert estimate.low == pytest.approx(3.2324, abs=1e-4)
    assert estimate.high == 5.0


def test_one_answer_has_a_mean_but_no_interval() -> None:
    estimate = stats.mean_estimate([4], 1, 5)
    assert (estimate.value, estimate.ci95, estimate.n) == (4, None, 1)


def test_a_mean_can_be_read_from_summed_counts_as_rollups_keep_them() -> None:
    from_counts = stats.mean_estimate(Sample.of_counts({1: 2, 4: 3, 5: 5}), 1, 5)
    from_values = stats.mean_estimate([1, 1, 4, 4, 4, 5, 5, 5, 5, 5], 1, 5)
    assert from_counts == from_values


def test_two_shares_differ_by_newcombes_interval_and_the_z_tests_p() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, method 10:
    # 56/70 − 48/80 = 0.2000, 0.0524 … 0.3339. The pooled z-test gives
    # z = 0.2 / √(0.69333 · 0.30667 · (1/70 + 1/80)) = 2.650, p = 0.0080.
    comparison = stats.share_compare(48, 80, 56, 70)

    assert comparison.difference == pytest.approx(20.0)
    assert comparison.low == pytest.approx(5.24, abs=0.01)
    assert comparison.high == pytest.approx(33.39, abs=0.01)
    assert comparison.p_value == pytest.approx(0.0080, abs=1e-4)
    assert comparison.test == "two-proportion z-test"
    assert comparison.significant
    assert (comparison.n_a, comparison.n_b) == (80, 70)


def test_newcombes_interval_for_9_of_10_against_3_of_10() -> None:
    # Newcombe (1998), method 10: 0.6000, 0.1705 … 0.8090.
    comparison = stats.share_compare(3, 10, 9, 10)
    assert comparison.low == pytest.approx(17.05, abs=0.01)
    assert comparison.high == pytest.approx(80.90, abs=0.01)


def test_two_nps_differ_by_the_z_test_on_their_variance_sum() -> None:
    # a = 50/30/20 (NPS 30), b = 30/30/40 (NPS −10): difference −40.
    # Adjusted variances (n + 3 = 103): a 0.609341 (above);
    # b: p' = 30.75/103, d' = 40.75/103, (p' + d') − (p' − d')² = 0.684749.
    # se = 100 · √((0.609341 + 0.684749) / 103) = 11.2089,
    # z = −40 / 11.2089 = −3.5686, p = 0.000359;
    # interval −40 ± 1.96 · 11.2089 = −61.97 … −18.03.
    comparison = stats.nps_compare(NpsCounts(50, 30, 20), NpsCounts(30, 30, 40))

    assert comparison.difference == pytest.approx(-40.0)
    assert comparison.p_value == pytest.approx(0.000359, abs=2e-6)
    assert comparison.low == pytest.approx(-61.969, abs=1e-2)
    assert comparison.high == pytest.approx(-18.031, abs=1e-2)
    assert comparison.test == "z-test of two NPS"
    assert comparison.significant


def test_two_means_differ_by_welchs_t_test_as_scipy_computes_it() -> None:
    a, b = [1, 2, 3, 4, 5], [3, 4, 5, 5, 5, 4]
    comparison = stats.mean_compare(a, b, 1, 5)
    expected = scipy_stats.ttest_ind(b, a, equal_var=False)

    assert comparison.difference == pytest.approx(np.mean(b) - np.mean(a))
    assert comparison.p_value == pytest.approx(expected.pvalue)
    assert comparison.test == "Welch's t-test"
    assert not comparison.significant


def test_a_small_group_that_happens_to_agree_can_borrow_a_larger_groups_spread() -> (
    None
):
    agreeing = Sample.of([1.0, 1.0, 1.0])
    assert agreeing.variance == 0
    widened = agreeing.widened(2.0)
    assert (widened.n, widened.mean, widened.variance) == (3, 1.0, pytest.approx(2.0))
    assert Sample.of([1.0, 5.0]).widened(0.1) == Sample.of([1.0, 5.0])


def test_durations_have_a_median_and_a_90th_percentile_with_their_n() -> None:
    result = stats.quantiles([30.0, 10.0, 20.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0])
    assert result == stats.Quantiles(median=50.0, p90=82.0, n=9)


def test_a_figure_from_fewer_answers_than_the_minimum_is_flagged() -> None:
    assert stats.share_estimate(3, 29).too_few()
    assert not stats.share_estimate(3, 30).too_few()
    assert stats.share_estimate(3, 29).too_few(minimum=20) is False
    assert stats.sample_too_small(4, minimum=5)


def test_counts_that_cannot_be_are_refused() -> None:
    with pytest.raises(ValueError, match="exceed"):
        stats.share_estimate(11, 10)
    with pytest.raises(ValueError, match="negative"):
        stats.nps_estimate(-1, 0, 0)


# Properties -----------------------------------------------------------------


@given(counts, counts, counts)
def test_every_nps_interval_holds_its_figure_and_stays_on_the_scale(
    promoters: int, passives: int, detractors: int
) -> None:
    estimate = stats.nps_estimate(promoters, passives, detractors)
    if promoters + passives + detractors == 0:
        assert estimate.value is None
        return
    assert estimate.value is not None and estimate.ci95 is not None
    assert -100 <= estimate.ci95[0] <= estimate.value <= estimate.ci95[1] <= 100


@given(counts, counts, counts)
def test_swapping_promoters_and_detractors_mirrors_the_nps(
    promoters: int, passives: int, detractors: int
) -> None:
    one = stats.nps_estimate(promoters, passives, detractors)
    mirrored = stats.nps_estimate(detractors, passives, promoters)
    if one.value is None or one.ci95 is None or mirrored.ci95 is None:
        return
    assert mirrored.value == pytest.approx(-one.value)
    assert mirrored.ci95[0] == pytest.approx(-one.ci95[1])
    assert mirrored.ci95[1] == pytest.approx(-one.ci95[0])


@given(counts, counts, counts, st.integers(2, 10))
def test_more_of_the_same_answers_never_widen_an_nps_interval(
    promoters: int, passives: int, detractors: int, times: int
) -> None:
    small = stats.nps_estimate(promoters, passives, detractors).ci95
    large = stats.nps_estimate(
        promoters * times, passives * times, detractors * times
    ).ci95
    if small is None or large is None:
        return
    assert large[1] - large[0] <= small[1] - small[0] + 1e-9


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_every_share_interval_holds_its_figure_and_mirrors_its_complement(
    share: tuple[int, int],
) -> None:
    successes, n = share
    estimate = stats.share_estimate(successes, n)
    if n == 0:
        assert estimate.value is None
        return
    assert estimate.low is not None and estimate.high is not None
    assert estimate.value is not None
    assert 0 <= estimate.low <= estimate.value <= estimate.high <= 100
    complement = stats.share_estimate(n - successes, n)
    assert complement.low == pytest.approx(100 - estimate.high)


@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_more_of_the_same_answers_never_widen_a_wilson_interval(
    share: tuple[int, int],
) -> None:
    successes, n = share
    small = stats.share_estimate(successes, n).ci95
    large = stats.share_estimate(2 * successes, 2 * n).ci95
    assert small is not None and large is not None
    assert large[1] - large[0] <= small[1] - small[0] + 1e-9


@given(st.lists(st.integers(1, 7), min_size=1, max_size=80))
def test_every_mean_interval_holds_its_mean_and_stays_on_the_scale(
    values: list[int],
) -> None:
    estimate = stats.mean_estimate(values, 1, 7)
    assert estimate.value == pytest.approx(sum(values) / len(values))
    if estimate.ci95 is not None:
        low, high = estimate.ci95
        assert 1 <= low <= estimate.value <= high <= 7


share_pairs = st.tuples(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)


@given(share_pairs)
def test_a_share_comparison_is_antisymmetric_and_stays_on_its_scale(
    pair: tuple[tuple[int, int], tuple[int, int]],
) -> None:
    (k_a, n_a), (k_b, n_b) = pair
    forward = stats.share_compare(k_a, n_a, k_b, n_b)
    backward = stats.share_compare(k_b, n_b, k_a, n_a)
    assert forward.difference is not None and forward.ci95 is not None
    assert backward.ci95 is not None and forward.p_value is not None
    low, high = forward.ci95
    assert -100 <= low <= forward.difference <= high <= 100
    assert backward.difference == pytest.approx(-forward.difference)
    assert backward.ci95[0] == pytest.approx(-high)
    assert backward.p_value == pytest.approx(forward.p_value)
    assert 0 <= forward.p_value <= 1


@given(share_pairs)
def test_the_share_z_test_agrees_with_a_chi_square_test(
    pair: tuple[tuple[int, int], tuple[int, int]],
) -> None:
    (k_a, n_a), (k_b, n_b) = pair
    if k_a + k_b in (0, n_a + n_b):
        return  # a column of zeros: chi-square is undefined
    table = np.array([[k_a, n_a - k_a], [k_b, n_b - k_b]])
    expected = scipy_stats.chi2_contingency(table, correction=False)[1]
    assert stats.share_compare(k_a, n_a, k_b, n_b).p_value == pytest.approx(
        expected, rel=1e-6, abs=1e-12
    )


nps_counts = st.builds(NpsCounts, counts, counts, counts)


@given(nps_counts, nps_counts)
def test_an_nps_comparison_is_antisymmetric_and_stays_on_its_scale(
    a: NpsCounts, b: NpsCounts
) -> None:
    forward, backward = stats.nps_compare(a, b), stats.nps_compare(b, a)
    if a.n == 0 or b.n == 0:
        assert forward.difference is None
        return
    assert forward.difference is not None and forward.ci95 is not None
    assert backward.difference == pytest.approx(-forward.difference)
    assert backward.p_value == pytest.approx(forward.p_value)
    low, high = forward.ci95
    assert -200 <= low <= forward.difference <= high <= 200


# scipy warns that identical values lose precision; they are exact here.
@pytest.mark.filterwarnings("ignore:Precision loss occurred")
@given(scores, scores)
def test_welch_agrees_with_scipy_and_its_interval_stays_within_the_widest_gap(
    a: list[int], b: list[int]
) -> None:
    comparison = stats.mean_compare(a, b, 1, 5)
    assert comparison.difference is not None
    if comparison.ci95 is None:
        return
    low, high = comparison.ci95
    assert -4 <= low <= comparison.difference <= high <= 4
    if np.var(a) > 0 or np.var(b) > 0:
        expected = scipy_stats.ttest_ind(b, a, equal_var=False).pvalue
        assert comparison.p_value == pytest.approx(expected, rel=1e-6, abs=1e-12)


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=200))
def test_quantiles_agree_with_numpy(durations: list[float]) -> None:
    result = stats.quantiles(durations)
    median, p90 = np.percentile(durations, [50, 90])
    assert result.n == len(durations)
    assert result.median == pytest.approx(median)
    assert result.p90 == pytest.approx(p90)
    assert result.median is not None and result.p90 is not None
    assert min(durations) <= result.median <= result.p90 <= max(durations)


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=300))
def test_a_bootstrap_interval_is_numpys_percentile_interval(
    replicates: list[float],
) -> None:
    low, high = stats.bootstrap_interval(replicates)
    expected = np.percentile(replicates, [2.5, 97.5])
    assert (low, high) == pytest.approx(tuple(expected))
    assert min(replicates) <= low <= high <= max(replicates)


def test_the_normal_quantile_is_the_one_everyone_uses() -> None:
    assert math.isclose(stats.Z95, scipy_stats.norm.ppf(0.975), rel_tol=1e-12)
    assert math.isclose(stats.Z95, 1.96, abs_tol=1e-3)
