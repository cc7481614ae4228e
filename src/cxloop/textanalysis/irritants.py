"""Irritants: which topics pull a touchpoint's score down, and by how much.

Pure arithmetic on summed scores (`Moments`), so the database does the
summing and no page reads every response. Each score is compared on the
scale people read it on: NPS as its −100…100 figure (a promoter counts
+100, a passive 0, a detractor −100, and their mean is the NPS), CSAT,
star ratings and CES as their mean score, a yes/no question ("Did you find
it?") as its share of yes in percent.

A topic's *gap* is how much lower the score of the responses that mention
it is than the score of all the touchpoint's other responses (positive =
lower, i.e. an irritant). Its *impact* is distinct customers × gap, the
ranking the CX team asked for; its *lift* is how much the touchpoint's
whole score would rise if those responses had scored like the rest
(gap × their share of the touchpoint's responses). Every topic is kept,
however small, with a 95 % confidence interval of its gap so a small
topic is seen but not over-read.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

METHOD = _(
    "Topics are ranked by impact: the customers who mention a topic × how much "
    "lower their score is than everyone else's at the touchpoint (NPS on its "
    "−100…100 scale, other scores as their mean), with a confidence interval "
    "(95 %) of that gap (Welch's t)."
)
# Score kinds, in the order a touchpoint's main kind is chosen on a tie.
KINDS = ("nps", "csat", "ces", "rating", "yes_no")
NPS_PROMOTER, NPS_DETRACTOR = 100.0, -100.0
# Below this many responses a topic's own spread is too unsure to trust:
# it is taken as at least the rest's, so a few agreeing answers don't
# yield a falsely narrow interval.
SMALL_GROUP = 30


@dataclass(frozen=True)
class Moments:
    """Count, sum and sum of squares of per-response scores."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def __sub__(self, other: "Moments") -> "Moments":
        return Moments(
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


def moments_of(values: list[float]) -> Moments:
    return Moments(len(values), sum(values), sum(v * v for v in values))


@dataclass(frozen=True)
class TopicScores:
    """The scores of the responses that mention one topic at a touchpoint."""

    topic_id: int
    scores: Moments
    customers: int


@dataclass(frozen=True)
class Irritant:
    topic_id: int
    n: int  # responses that mention the topic and carry this score
    customers: int  # distinct people among them
    score: float  # their score (NPS or mean)
    rest_score: float | None  # everyone else's at the touchpoint
    gap: float | None  # rest − topic: positive when the topic scores lower
    ci95: tuple[float, float] | None  # of the gap; None when too few answers
    impact: float  # customers × gap (0 without a gap)
    lift: float  # rise of the touchpoint's score if these scored like the rest

    @property
    def significant(self) -> bool:
        """The interval excludes zero: the topic really scores lower (or higher)."""
        return self.ci95 is not None and (self.ci95[0] > 0 or self.ci95[1] < 0)


def welch_interval(
    a: Moments, b: Moments, *, level: float = 0.95
) -> tuple[float, float] | None:
    """Interval of mean(b) − mean(a) by Welch's t, with small `a` widened."""
    var_a, var_b = a.variance, b.variance
    if var_a is None or var_b is None or a.mean is None or b.mean is None:
        return None
    if a.n < SMALL_GROUP:
        var_a = max(var_a, var_b)
    gap = b.mean - a.mean
    part_a, part_b = var_a / a.n, var_b / b.n
    se = math.sqrt(part_a + part_b)
    if se == 0:
        return (gap, gap)
    df = (part_a + part_b) ** 2 / (part_a**2 / (a.n - 1) + part_b**2 / (b.n - 1))
    from scipy import stats  # 1 s to import: only when a report is made

    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    return (gap - half, gap + half)


def rank(*, everyone: Moments, topics: list[TopicScores]) -> list[Irritant]:
    """Every topic at one touchpoint, the most harmful first.

    `everyone` sums all the touchpoint's responses with this score kind,
    the topic's own included; a topic's rest is everyone minus it.
    """
    found = []
    for topic in topics:
        own = topic.scores
        if own.n == 0 or own.mean is None:
            continue
        rest = everyone - own
        gap = rest.mean - own.mean if rest.mean is not None else None
        found.append(
            Irritant(
                topic_id=topic.topic_id,
                n=own.n,
                customers=topic.customers,
                score=own.mean,
                rest_score=rest.mean,
                gap=gap,
                ci95=welch_interval(own, rest),
                impact=topic.customers * gap if gap is not None else 0.0,
                lift=gap * own.n / everyone.n if gap is not None else 0.0,
            )
        )
    return sorted(found, key=lambda i: (-i.impact, -i.n, i.topic_id))
