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
however small, with its score's and its gap's 95 % intervals from
`cxloop.stats`, which stay on the scale, so a small topic is seen but not
over-read.

On a yes/no touchpoint the comment is often asked only after a "no"
("What were you looking for?"), so every topic's share of yes is 0 and
only the rest said yes. What tells topics apart there is how many of the
"no" answers mention each: its `no_share`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cxloop import stats

METHOD = _(
    "Topics are ranked by impact: the customers who mention a topic × how much "
    "lower their score is than everyone else's at the touchpoint (NPS on its "
    "−100…100 scale, yes/no as the share of yes, other scores as their mean). "
    "Scores and gaps have 95 % intervals that stay on the scale: NPS by the "
    "adjusted Wald interval and a z-test, shares by Wilson's and Newcombe's "
    "intervals and a two-proportion z-test, means by t intervals and Welch's "
    "t-test."
)
# Score kinds, in the order a touchpoint's main kind is chosen on a tie.
KINDS = ("nps", "csat", "ces", "rating", "yes_no")
NPS_PROMOTER, NPS_DETRACTOR = 100.0, -100.0
YES = 100.0  # a yes counts 100 and a no 0: their mean is the share of yes
# The scale of each kind's per-answer value, as this module reads it.
BOUNDS: dict[str, tuple[float, float]] = {
    "nps": (NPS_DETRACTOR, NPS_PROMOTER),
    "csat": (1, 5),
    "ces": (1, 7),
    "rating": (1, 5),
    "yes_no": (0, YES),
}
# Below this many responses a topic's own spread of a mean score is too
# unsure to trust: it is taken as at least the rest's, so a few agreeing
# answers don't yield a falsely narrow interval. (NPS and shares need no
# such help: their intervals stay honest for small groups.)
SMALL_GROUP = 30

Moments = stats.Sample


def moments_of(values: list[float]) -> Moments:
    return Moments.of(values)


@dataclass(frozen=True)
class TopicScores:
    """The scores of the responses that mention one topic at a touchpoint."""

    topic_id: int
    scores: Moments
    customers: int


@dataclass(frozen=True)
class Irritant:
    topic_id: int
    customers: int  # distinct people among the responses
    own: stats.Estimate  # their score, with its interval and n
    rest: stats.Estimate  # everyone else's at the touchpoint
    comparison: stats.Comparison  # rest − own: positive when the topic is lower
    impact: float  # customers × gap (0 without a gap)
    lift: float  # rise of the touchpoint's score if these scored like the rest
    # Yes/no only: the share of the touchpoint's "no" answers mentioning it.
    no_share: stats.Estimate | None = None

    @property
    def n(self) -> int:
        """Responses that mention the topic and carry this score."""
        return self.own.n

    @property
    def score(self) -> float:
        return self.own.value if self.own.value is not None else 0.0

    @property
    def rest_score(self) -> float | None:
        return self.rest.value

    @property
    def gap(self) -> float | None:
        return self.comparison.difference

    @property
    def ci95(self) -> tuple[float, float] | None:
        """Of the gap; None when too few answers to tell."""
        return self.comparison.ci95

    @property
    def p_value(self) -> float | None:
        return self.comparison.p_value

    @property
    def test(self) -> str:
        return self.comparison.test

    @property
    def significant(self) -> bool:
        """The test finds the topic really scores lower (or higher)."""
        return self.comparison.significant


def _nps_counts(scores: Moments) -> stats.NpsCounts:
    """Promoters, passives and detractors back from summed ±100 values.

    The sum is 100 · (P − D) and the sum of squares 10,000 · (P + D).
    """
    net = scores.total / NPS_PROMOTER
    scored = scores.squares / NPS_PROMOTER**2
    promoters = round((scored + net) / 2)
    detractors = round((scored - net) / 2)
    return stats.NpsCounts(promoters, scores.n - promoters - detractors, detractors)


def _yes(scores: Moments) -> int:
    return round(scores.total / YES)


def score_estimate(kind: str, scores: Moments) -> stats.Estimate:
    """The score of responses of one kind, with its interval and n."""
    if kind == "nps":
        counts = _nps_counts(scores)
        return stats.nps_estimate(counts.promoters, counts.passives, counts.detractors)
    if kind == "yes_no":
        return stats.share_estimate(_yes(scores), scores.n)
    return stats.mean_estimate(scores, *BOUNDS[kind])


def score_compare(kind: str, a: Moments, b: Moments) -> stats.Comparison:
    """Score of b − score of a, with the test that fits the kind."""
    if kind == "nps":
        return stats.nps_compare(_nps_counts(a), _nps_counts(b))
    if kind == "yes_no":
        return stats.share_compare(_yes(a), a.n, _yes(b), b.n)
    return stats.mean_compare(a, b, *BOUNDS[kind])


def _spread_of_small(kind: str, own: Moments, rest: Moments) -> Moments:
    if kind in ("nps", "yes_no") or own.n >= SMALL_GROUP:
        return own
    variance = rest.variance
    return own if variance is None else own.widened(variance)


def rank(*, kind: str, everyone: Moments, topics: list[TopicScores]) -> list[Irritant]:
    """Every topic at one touchpoint, the most harmful first.

    `everyone` sums all the touchpoint's responses with this score kind,
    the topic's own included; a topic's rest is everyone minus it.
    """
    noes = everyone.n - _yes(everyone) if kind == "yes_no" else 0
    found = []
    for topic in topics:
        own = topic.scores
        if own.n == 0:
            continue
        rest = everyone - own
        judged = _spread_of_small(kind, own, rest)
        comparison = score_compare(kind, judged, rest)
        gap = comparison.difference
        found.append(
            Irritant(
                topic_id=topic.topic_id,
                customers=topic.customers,
                own=score_estimate(kind, judged),
                rest=score_estimate(kind, rest),
                comparison=comparison,
                impact=topic.customers * gap if gap is not None else 0.0,
                lift=gap * own.n / everyone.n if gap is not None else 0.0,
                no_share=(
                    stats.share_estimate(own.n - _yes(own), noes)
                    if kind == "yes_no"
                    else None
                ),
            )
        )
    return sorted(found, key=lambda i: (-i.impact, -i.n, i.topic_id))
