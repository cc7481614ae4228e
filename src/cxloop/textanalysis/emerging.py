"""Emerging topics: a share of comments that grew this week, beyond chance.

For each touchpoint and topic mentioned there this week, one-sided
Fisher's exact test asks whether the share of the touchpoint's comments
that mention the topic is higher this week than in the four weeks before
(exact, so it holds for the small counts of a new irritant). Testing
every topic at every touchpoint would flag some by luck alone, so the
p-values of all tests of the week are adjusted together with
Benjamini–Hochberg: among the topics flagged at q < 5 %, at most about
5 % are expected to be false alarms.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

METHOD = _(
    "One-sided Fisher's exact test of this week's share of a touchpoint's "
    "comments against the four weeks before; p-values of all topics and "
    "touchpoints are adjusted together with Benjamini–Hochberg, and a topic "
    "is flagged as emerging when q < 0.05."
)
ALPHA = 0.05
BASELINE_WEEKS = 4


@dataclass(frozen=True)
class WeekCounts:
    """Comments that mention a topic at a touchpoint, and all its comments."""

    key: tuple[str, int]  # (touchpoint, topic id)
    count: int  # this week
    comments: int
    baseline_count: int  # the previous BASELINE_WEEKS weeks together
    baseline_comments: int
    previous_count: int = 0  # last week alone, for context
    previous_comments: int = 0


@dataclass(frozen=True)
class Emergence:
    key: tuple[str, int]
    share: float
    baseline_share: float | None
    previous_share: float | None
    p_value: float
    q_value: float
    emerging: bool


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def fisher_greater(
    count: int, comments: int, baseline_count: int, baseline_comments: int
) -> float:
    """One-sided p that this week's share exceeds the baseline's by chance."""
    table = [
        [count, comments - count],
        [baseline_count, baseline_comments - baseline_count],
    ]
    from scipy import stats  # 1 s to import: only when a report is made

    return float(stats.fisher_exact(table, alternative="greater").pvalue)


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted p-values (q) controlling the false discovery rate."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * m / rank)
        adjusted[index] = min(1.0, running)
    return adjusted


def detect(rows: list[WeekCounts], *, alpha: float = ALPHA) -> list[Emergence]:
    """Test every row mentioned this week; the family is all of them together.

    A row never mentioned this week cannot have grown and is not tested.
    Rows come back most significant first.
    """
    tested = [row for row in rows if row.count > 0 and row.comments > 0]
    p_values = [
        fisher_greater(
            row.count, row.comments, row.baseline_count, row.baseline_comments
        )
        for row in tested
    ]
    q_values = benjamini_hochberg(p_values)
    found = []
    for row, p, q in zip(tested, p_values, q_values, strict=True):
        share = row.count / row.comments
        baseline = _share(row.baseline_count, row.baseline_comments)
        found.append(
            Emergence(
                key=row.key,
                share=share,
                baseline_share=baseline,
                previous_share=_share(row.previous_count, row.previous_comments),
                p_value=p,
                q_value=q,
                emerging=q < alpha and (baseline is None or share > baseline),
            )
        )
    return sorted(found, key=lambda e: (e.q_value, e.p_value, -e.share, e.key))
