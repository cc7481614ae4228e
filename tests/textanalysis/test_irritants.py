"""Irritant ranking on constructed scores with known answers."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxloop.textanalysis import irritants
from cxloop.textanalysis.irritants import Moments, TopicScores, moments_of


def _topic(
    topic_id: int, scores: list[float], customers: int | None = None
) -> TopicScores:
    return TopicScores(topic_id, moments_of(scores), customers or len(scores))


def test_a_topic_whose_members_score_3_points_lower_ranks_first() -> None:
    rng = random.Random(5)  # noqa: S311 - test data
    rest = [rng.choice([4.0, 5.0]) for _ in range(400)]
    late = [rng.choice([1.0, 2.0]) for _ in range(40)]  # ~3 points lower
    packaging = [rng.choice([4.0, 5.0]) for _ in range(40)]  # like the rest
    everyone = moments_of(rest + late + packaging)

    ranked = irritants.rank(
        kind="csat", everyone=everyone, topics=[_topic(2, packaging), _topic(1, late)]
    )

    assert [i.topic_id for i in ranked] == [1, 2]
    first = ranked[0]
    assert first.gap == pytest.approx(3.0, abs=0.3)
    assert first.ci95 is not None and first.ci95[0] > 2.0
    assert first.significant
    assert first.impact == pytest.approx(40 * first.gap)
    # Packaging scores like everyone but the late ones: above the rest.
    assert ranked[1].gap is not None and ranked[1].gap < 0


def test_impact_weighs_customers_not_just_the_gap() -> None:
    everyone = moments_of([5.0] * 200 + [1.0] * 3 + [3.0] * 60)
    tiny_but_awful = _topic(1, [1.0] * 3)  # 4 points lower, 3 people
    big_and_mild = _topic(2, [3.0] * 60)  # ~2 points lower, 60 people

    ranked = irritants.rank(
        kind="csat", everyone=everyone, topics=[tiny_but_awful, big_and_mild]
    )

    assert [i.topic_id for i in ranked] == [2, 1]


def test_the_smallest_irritant_is_kept_with_an_honestly_wide_interval() -> None:
    everyone = moments_of([5.0, 4.0] * 100 + [1.0, 2.0])
    ranked = irritants.rank(
        kind="csat", everyone=everyone, topics=[_topic(7, [1.0, 2.0])]
    )

    [small] = ranked
    assert small.n == 2
    assert small.gap == pytest.approx(3.0)
    assert small.ci95 is not None
    low, high = small.ci95
    # Two answers can't pin a gap down: the interval spans many points.
    assert high - low > 5


def test_a_single_answer_has_no_interval_but_is_still_shown() -> None:
    everyone = moments_of([5.0] * 50 + [1.0])
    [single] = irritants.rank(kind="csat", everyone=everyone, topics=[_topic(3, [1.0])])
    assert single.ci95 is None
    assert not single.significant
    assert single.impact == pytest.approx(4.0)


def test_nps_is_compared_on_its_minus_100_to_100_scale() -> None:
    # Promoters count 100, passives 0, detractors −100; the mean is the NPS.
    rest = [100.0] * 60 + [0.0] * 20 + [-100.0] * 20  # NPS 40
    topic = [-100.0] * 8 + [100.0] * 2  # NPS −60
    ranked = irritants.rank(
        kind="nps", everyone=moments_of(rest + topic), topics=[_topic(1, topic)]
    )
    assert ranked[0].score == pytest.approx(-60)
    assert ranked[0].rest_score == pytest.approx(40)
    assert ranked[0].gap == pytest.approx(100)
    # The touchpoint's NPS would rise by gap × 10 / 110 if they scored like the rest.
    assert ranked[0].lift == pytest.approx(100 * 10 / 110)


@given(
    st.lists(st.integers(1, 5), min_size=2, max_size=40),
    st.lists(st.integers(1, 5), min_size=2, max_size=40),
)
def test_moments_subtract_to_the_rest(a: list[int], b: list[int]) -> None:
    whole = moments_of([float(v) for v in a + b])
    rest = whole - moments_of([float(v) for v in a])
    expected = moments_of([float(v) for v in b])
    assert rest.n == expected.n
    assert rest.mean == pytest.approx(expected.mean)
    assert rest.variance == pytest.approx(expected.variance, abs=1e-9)


def test_an_empty_group_has_no_mean() -> None:
    assert Moments().mean is None
    assert Moments(1, 3.0, 9.0).variance is None


# Per kind, the values one answer can take as irritants reads them.
ANSWERS = {
    "nps": [-100.0, 0.0, 100.0],
    "csat": [1.0, 2.0, 3.0, 4.0, 5.0],
    "ces": [float(v) for v in range(1, 8)],
    "rating": [1.0, 2.0, 3.0, 4.0, 5.0],
    "yes_no": [0.0, 100.0],
}


@st.composite
def touchpoints(draw: st.DrawFn) -> tuple[str, list[float], list[float]]:
    kind = draw(st.sampled_from(irritants.KINDS))
    answer = st.sampled_from(ANSWERS[kind])
    topic = draw(st.lists(answer, min_size=1, max_size=40))
    rest = draw(st.lists(answer, min_size=0, max_size=200))
    return kind, topic, rest


@given(touchpoints())
def test_every_score_and_gap_interval_stays_on_its_scale(
    case: tuple[str, list[float], list[float]],
) -> None:
    kind, topic, rest = case
    low, high = irritants.BOUNDS[kind]
    [irritant] = irritants.rank(
        kind=kind, everyone=moments_of(topic + rest), topics=[_topic(1, topic)]
    )
    assert irritant.n == len(topic)
    assert low <= irritant.score <= high
    if irritant.own.ci95 is not None:
        assert low <= irritant.own.ci95[0] <= irritant.score
        assert irritant.score <= irritant.own.ci95[1] <= high
    if irritant.ci95 is not None:
        assert irritant.gap is not None
        widest = high - low
        assert -widest <= irritant.ci95[0] <= irritant.gap <= irritant.ci95[1]
        assert irritant.ci95[1] <= widest
    assert (irritant.no_share is not None) == (kind == "yes_no")
