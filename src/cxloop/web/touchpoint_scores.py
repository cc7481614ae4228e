"""Each touchpoint's score by its own question, for Journeys and the Overview.

A touchpoint is measured by the question its surveys ask: NPS, CSAT, effort
(CES), stars, a yes/no question ("Did you find what you were looking
for?") or, lacking any, a single choice ("What stopped you?"). NPS, CSAT,
CES and stars come from `cxloop.insights` grouped by touchpoint, one call
per metric for every touchpoint at once; the shares of yes and of the most
chosen answer, which `insights` does not measure, from `web.shares`, one
query each. Nothing loops over touchpoints with a query each.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import translation

from cxloop import stats
from cxloop.accounts.models import Workspace
from cxloop.insights import selectors as insights
from cxloop.insights.metrics import METRICS, MetricFilter
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys.models import Stage, Touchpoint
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.selectors import MeasuredQuestion
from cxloop.web import figures, shares

# What each type of question measures a touchpoint by.
METRIC_OF_TYPE = {
    "nps": "nps",
    "csat": "csat",
    "ces": "ces",
    "rating": "rating",
    "yes_no": "yes_no",
    "single_choice": "choice",
}
Questions = list[MeasuredQuestion]


@dataclass(frozen=True)
class Score:
    """One touchpoint's figure on one metric, with its change."""

    metric: str
    estimate: stats.Estimate
    comparison: stats.Comparison | None
    previous: stats.Estimate | None
    detail: str = ""  # the most chosen answer, for a choice


def _own_metrics(
    questions: Questions, touchpoints: list[Touchpoint]
) -> dict[str, list[str]]:
    """Per touchpoint, the metrics its surveys' questions give, in order.

    A survey belongs to a touchpoint when it names it, or when the
    touchpoint lists the survey's key.
    """
    by_survey: dict[str, list[str]] = {}
    attached: dict[str, list[str]] = {}
    for question in questions:
        survey, named = question.survey, question.touchpoint
        by_survey.setdefault(survey, []).append(METRIC_OF_TYPE[question.type])
        if named and survey not in attached.get(named, []):
            attached.setdefault(named, []).append(survey)
    own: dict[str, list[str]] = {}
    for touchpoint in touchpoints:
        metrics: list[str] = []
        for survey in [*attached.get(touchpoint.key, []), *touchpoint.survey_keys]:
            for metric in by_survey.get(str(survey), []):
                if metric not in metrics:
                    metrics.append(metric)
        own[touchpoint.key] = metrics
    return own


def _scores(
    workspace: Workspace, filters: MetricFilter, questions: Questions
) -> dict[str, dict[str, Score]]:
    """{touchpoint key: {metric: score}} for every metric with answers;
    a single choice's score is its most chosen answer (never a mover)."""
    found: dict[str, dict[str, Score]] = {}
    for metric in METRICS:
        for group in insights.metric_groups(
            workspace=workspace, metric=metric, group_by="touchpoint", filters=filters
        ):
            if group.key and group.estimate.n:
                found.setdefault(group.key, {})[metric] = Score(
                    metric, group.estimate, group.comparison, group.previous
                )
    yes = shares.yes_no_by_touchpoint(
        workspace=workspace, filters=filters, questions=questions
    )
    for key, share in yes.items():
        found.setdefault(key, {})["yes_no"] = Score(
            "yes_no", share.estimate, share.comparison, share.previous
        )
    chosen = shares.top_choice_by_touchpoint(
        workspace=workspace,
        filters=filters,
        questions=questions,
        language=translation.get_language() or "en",
    )
    for key, top in chosen.items():
        found.setdefault(key, {})["choice"] = Score(
            "choice", top.estimate, None, None, detail=top.label
        )
    return found


def _empty_figure(metric: str, minimum: int) -> dict[str, Any]:
    """No answers: named by the touchpoint's own metric when it has one."""
    scale = figures.SCALES.get(metric)
    shown = figures.figure(
        stats.Estimate(None, None, None, 0, ""),
        scale or figures.SCALES["yes_no"],
        minimum,
    )
    if scale is None:
        shown.update(name="", long_name="", metric="")
    return shown


@dataclass(frozen=True)
class JourneyScores:
    """The journey with every touchpoint's scores over one filter."""

    journey: list[tuple[Stage, list[Touchpoint]]]
    own: dict[str, list[str]]
    scores: dict[str, dict[str, Score]]
    minimum: int

    def chosen(self, key: str) -> Score | None:
        """The touchpoint's own metric with answers, else its most answered;
        a score before a most chosen answer."""
        scores = self.scores.get(key, {})
        own = sorted(self.own.get(key, []), key=lambda metric: metric == "choice")
        for metric in own:
            if metric in scores:
                return scores[metric]
        if scores:
            return max(
                scores.values(),
                key=lambda score: (score.metric != "choice", score.estimate.n),
            )
        return None

    def figure(self, key: str) -> dict[str, Any]:
        """The touchpoint's own figure (see `figures.figure`)."""
        score = self.chosen(key)
        if score is None:
            return _empty_figure((self.own.get(key) or [""])[0], self.minimum)
        scale = figures.SCALES[score.metric]
        return figures.figure(
            score.estimate,
            scale,
            self.minimum,
            score.comparison,
            detail=score.detail,
        )

    def stages(self) -> list[tuple[Stage, list[tuple[Touchpoint, dict[str, Any]]]]]:
        return [
            (stage, [(t, self.figure(t.key)) for t in touchpoints])
            for stage, touchpoints in self.journey
        ]

    def movers(self) -> list[tuple[Touchpoint, Score]]:
        """Every touchpoint × metric whose change is significant, the biggest
        first as a share of its metric's scale (NPS points count half as
        much as CSAT's percentage points: NPS spans 200)."""
        moved = []
        for _stage, touchpoints in self.journey:
            for touchpoint in touchpoints:
                for score in self.scores.get(touchpoint.key, {}).values():
                    comparison = score.comparison
                    if comparison is None or comparison.difference is None:
                        continue
                    if comparison.significant:
                        moved.append((touchpoint, score))

        def size(item: tuple[Touchpoint, Score]) -> float:
            scale = figures.SCALES[item[1].metric]
            comparison = item[1].comparison
            difference = comparison.difference if comparison else None
            return abs(difference or 0.0) / (scale.high - scale.low)

        return sorted(moved, key=size, reverse=True)


def journey_scores(
    *, workspace: Workspace, filters: MetricFilter, minimum: int
) -> JourneyScores:
    journey = journey_selectors.journey_map(workspace=workspace)
    questions = survey_selectors.measured_questions(workspace=workspace)
    touchpoints = [t for _stage, tps in journey for t in tps]
    return JourneyScores(
        journey=journey,
        own=_own_metrics(questions, touchpoints),
        scores=_scores(workspace, filters, questions),
        minimum=minimum,
    )
