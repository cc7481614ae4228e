"""What a digest says: scores that moved, irritants, breaches, comments, signals.

Built for one scope (the whole shop, or the touchpoints a member owns) and
read in one language: call it inside `translation.override` and
`timezone.override` of the recipient, so names, numbers and dates come out
as they will be read. Every figure that claims a change names its test and
p-value; user-written text stays text here and is escaped by the templates.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cxloop import stats
from cxloop.accounts.models import Workspace
from cxloop.cases import selectors as case_selectors
from cxloop.insights import metrics
from cxloop.insights import selectors as metric_selectors
from cxloop.insights.metrics import Metric, MetricFilter, MetricGroup
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys.models import Touchpoint
from cxloop.rules.models import DigestItem
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response
from cxloop.textanalysis import selectors as text_selectors

NBSP = "\u00a0"  # a figure and its unit stay on one line
COMMENT_CHARS = 280  # a comment longer than this is cut with "…"
EXAMPLE_COMMENTS = 3
MAX_BREACHES = 10
MAX_IRRITANTS = 5
MAX_ITEMS = 20
MAX_MOVERS = 6
METRICS: tuple[Metric, ...] = ("nps", "csat", "ces", "rating")


def absolute(path: str, workspace: Workspace, **query: str) -> str:
    """A dashboard link that opens in `workspace` whichever one was open."""
    params = urlencode({**query, "workspace": workspace.slug})
    return f"{str(settings.CXLOOP_BASE_URL).rstrip('/')}{path}?{params}"


def number(value: float, decimals: int = 0) -> str:
    """`value` written the way the active language writes numbers."""
    return formats.number_format(round(value, decimals), decimals)


def p_text(p: float) -> str:
    if p < 0.001:
        return _("p < %(limit)s") % {"limit": number(0.001, 3)}
    return _("p = %(p)s") % {"p": number(p, 3)}


# Sections ---------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A headline figure of the period beside the period before."""

    metric: str  # "NPS", "CSAT", "CES"
    value: str  # "34", "81 %", "5,6" (the active language's way)
    interval: str  # "28 … 40", or "" when there is none
    n: int
    previous: str  # the period before, or ""
    change: str  # "−7", or "" when either period has no answers
    verdict: str  # the change's test and p, or why none is claimed
    direction: str  # "up", "down" or "" (not significant)
    too_small: bool


@dataclass(frozen=True)
class Mover:
    """A touchpoint whose score changed significantly against the week before."""

    metric: str
    touchpoint: str
    before: str
    after: str
    change: str
    direction: str  # "up" or "down"
    test: str  # "two-proportion z-test, p = 0.004"
    n: int


@dataclass(frozen=True)
class Irritant:
    """A topic whose share of a touchpoint's comments grew this period."""

    topic: str
    topic_number: int
    touchpoint: str
    touchpoint_key: str
    mentions: int
    comments: int
    share: str  # "12 %"
    baseline_share: str  # "3 %", or "" when never mentioned before
    is_new: bool  # not mentioned at all in the four weeks before
    test: str  # "Fisher's exact test, q = 0.004 (p = 0.001)"
    link: str


@dataclass(frozen=True)
class Breach:
    number: int
    title: str
    touchpoint: str
    missed: str  # "first response", "resolution" or both
    owner: str
    link: str


@dataclass(frozen=True)
class Comment:
    text: str
    why: str  # why this one was picked
    score: str  # "NPS 3", "CSAT 2/5"…, or ""
    touchpoint: str
    submitted_at: datetime
    link: str

    @property
    def one_line(self) -> str:
        """The text on one line, for the plain-text e-mail: a comment cannot
        pose as a heading or a link of the e-mail around it."""
        return " ".join(self.text.split())


@dataclass(frozen=True)
class Signal:
    """A response or event a rule queued for this person's digest."""

    rule: str
    touchpoint: str
    what: str  # the event type, or the response's score
    text: str  # the response's comment, shortened
    at: datetime
    link: str

    @property
    def one_line(self) -> str:
        return " ".join(self.text.split())


@dataclass
class Content:
    """Everything a digest shows for one scope and period."""

    answers: int = 0
    previous_answers: int = 0
    scores: list[Score] = field(default_factory=list)
    movers: list[Mover] = field(default_factory=list)
    irritants: list[Irritant] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    breaches_total: int = 0
    comments: list[Comment] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        """Anything at all to tell; a silent scope gets no e-mail."""
        return bool(self.answers or self.previous_answers or self.breaches_total)


# The scope: a set of touchpoints -----------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The whole shop (`keys` None) or some touchpoints by key."""

    keys: tuple[str, ...] | None
    touchpoints: tuple[Touchpoint, ...]

    @property
    def whole_shop(self) -> bool:
        return self.keys is None

    def responses(self, responses: QuerySet[Response]) -> QuerySet[Response]:
        """Responses that count at these touchpoints: those naming one, and
        those naming none whose survey is attached to one."""
        if self.keys is None:
            return responses
        attached = [key for t in self.touchpoints for key in t.survey_keys]
        return responses.filter(
            Q(touchpoint__in=self.keys) | Q(touchpoint="", survey__key__in=attached)
        )

    def covers(self, key: str) -> bool:
        return self.keys is None or key in self.keys


def scope_of(*, workspace: Workspace, keys: Collection[str] | None) -> Scope:
    touchpoints = tuple(journey_selectors.touchpoint_list(workspace=workspace))
    if keys is None:
        return Scope(None, touchpoints)
    wanted = tuple(t.key for t in touchpoints if t.key in set(keys))
    return Scope(wanted, tuple(t for t in touchpoints if t.key in wanted))


# Building ---------------------------------------------------------------------


def _percent(share: float) -> str:
    return (_("%(value)s %%") % {"value": number(share * 100)}).replace(" ", NBSP)


def _signed(text: str, value: float) -> str:
    """ "+5", "−7": the sign always shown, a real minus sign."""
    return text.replace("-", "−") if value < 0 else f"+{text}"


def figure(metric: Metric, value: float | None) -> str:
    """A headline value as read: NPS points, a share in %, a CES mean."""
    if value is None:
        return ""
    if metric == "nps":
        return number(value).replace("-", "−")
    if metric == "ces":
        return number(value, 1)
    return _percent(value / 100)


def change(metric: Metric, difference: float) -> str:
    """A change of a headline value: NPS points, percentage points, a mean."""
    if metric == "nps":
        return _signed(number(difference), difference)
    if metric == "ces":
        return _signed(number(difference, 1), difference)
    text = _("%(value)s pp") % {"value": _signed(number(difference), difference)}
    return text.replace(" ", NBSP)


def _interval(metric: Metric, estimate: stats.Estimate) -> str:
    if estimate.low is None or estimate.high is None:
        return ""
    return f"{figure(metric, estimate.low)} … {figure(metric, estimate.high)}"


def _test(comparison: stats.Comparison) -> str:
    return f"{_(comparison.test)}, {p_text(comparison.p_value or 0.0)}"


def _direction(comparison: stats.Comparison | None) -> str:
    if comparison is None or not comparison.significant:
        return ""
    return "up" if (comparison.difference or 0.0) > 0 else "down"


def _verdict(group: MetricGroup, minimum: int) -> str:
    comparison = group.comparison
    if group.too_small:
        return _("Fewer than %(minimum)s answers: too few to judge a change.") % {
            "minimum": minimum
        }
    if comparison is None or comparison.p_value is None:
        return _("Too few answers the week before to test a change.")
    if comparison.significant:
        return _("A significant change: %(test)s.") % {"test": _test(comparison)}
    return _("No significant change (%(test)s).") % {"test": _test(comparison)}


def _scores(
    workspace: Workspace, filters: MetricFilter
) -> tuple[list[Score], list[Mover]]:
    """Each metric's week beside the week before, and the touchpoints whose
    score moved significantly (those with enough answers to be judged)."""
    minimum = metric_selectors.minimum_n(workspace=workspace)
    scores, movers = [], []
    for metric in METRICS:
        summary = metric_selectors.metric_summary(
            workspace=workspace, metric=metric, filters=filters
        )
        before = summary.previous
        if summary.estimate.n == 0 and (before is None or before.n == 0):
            continue
        comparison = summary.comparison
        difference = comparison.difference if comparison else None
        scores.append(
            Score(
                metric=str(metrics.METRIC_LABELS[metric]),
                value=figure(metric, summary.estimate.value),
                interval=_interval(metric, summary.estimate),
                n=summary.estimate.n,
                previous=figure(metric, before.value) if before else "",
                change="" if difference is None else change(metric, difference),
                verdict=_verdict(summary, minimum),
                direction="" if summary.too_small else _direction(comparison),
                too_small=summary.too_small,
            )
        )
        for group in metric_selectors.metric_movers(
            workspace=workspace, metric=metric, filters=filters
        ):
            moved = group.comparison
            if group.too_small or moved is None or moved.difference is None:
                continue
            movers.append(
                Mover(
                    metric=str(metrics.METRIC_LABELS[metric]),
                    touchpoint=group.label,
                    before=figure(metric, group.previous.value)
                    if group.previous
                    else "",
                    after=figure(metric, group.estimate.value),
                    change=change(metric, moved.difference),
                    direction=_direction(moved),
                    test=_test(moved),
                    n=group.estimate.n,
                )
            )
    return scores, movers[:MAX_MOVERS]


def _irritants(
    workspace: Workspace, scope: Scope, start: datetime, end: datetime
) -> list[Irritant]:
    week = text_selectors.Week(start, end)
    report = text_selectors.emerging_report(workspace=workspace, week=week)
    found = []
    for row in report.flagged:
        if not row.place.key or not scope.covers(row.place.key):
            continue
        result, counts = row.result, row.counts
        found.append(
            Irritant(
                topic=row.topic.label,
                topic_number=row.topic.number,
                touchpoint=row.place.name,
                touchpoint_key=row.place.key,
                mentions=counts.count,
                comments=counts.comments,
                share=_percent(result.share),
                baseline_share=(
                    _percent(result.baseline_share)
                    if counts.baseline_count and result.baseline_share is not None
                    else ""
                ),
                is_new=counts.baseline_count == 0,
                test=_("Fisher's exact test, q = %(q)s (%(p)s)")
                % {"q": number(result.q_value, 3), "p": p_text(result.p_value)},
                link=absolute(
                    reverse("web:topic_list"), workspace, topic=str(row.topic.number)
                ),
            )
        )
    return found[:MAX_IRRITANTS]


def _breaches(
    workspace: Workspace, scope: Scope, start: datetime, end: datetime
) -> tuple[list[Breach], int]:
    cases = case_selectors.case_breached_between(
        workspace=workspace, since=start, until=end, touchpoints=scope.keys
    )
    total = cases.count()
    breaches = []
    for case in cases[:MAX_BREACHES]:
        missed = []
        first, resolution = case.first_response_breached_at, case.resolution_breached_at
        if first is not None and start <= first < end:
            missed.append(_("first response"))
        if resolution is not None and start <= resolution < end:
            missed.append(_("resolution"))
        breaches.append(
            Breach(
                number=case.number,
                title=case.title,
                touchpoint=case.touchpoint.display_name if case.touchpoint else "",
                missed=_(" and ").join(missed),
                owner=str(case.owner) if case.owner else _("nobody"),
                link=absolute(
                    reverse("web:case_detail", args=[case.number]), workspace
                ),
            )
        )
    return breaches, total


def score_text(response: Response) -> str:
    """The response's first score as a person reads it: "NPS 3", "CSAT 2/5"."""
    if response.nps is not None:
        return _("NPS %(score)s") % {"score": response.nps}
    if response.csat is not None:
        return _("CSAT %(score)s/5") % {"score": response.csat}
    if response.ces is not None:
        return _("CES %(score)s/7") % {"score": response.ces}
    if response.rating is not None:
        return _("%(score)s/5 stars") % {"score": response.rating}
    return ""


def _response_link(workspace: Workspace, response: Response) -> str:
    if response.customer_id is not None:
        path = reverse("web:customer_detail", args=[response.customer_id])
        return absolute(path, workspace)
    return absolute(reverse("web:feedback_inbox"), workspace)


def _place(response: Response, scope: Scope) -> str:
    """The name of the touchpoint a response counts at, if any."""
    for touchpoint in scope.touchpoints:
        if response.touchpoint == touchpoint.key or (
            not response.touchpoint and response.survey.key in touchpoint.survey_keys
        ):
            return touchpoint.display_name
    return ""


def _comment(
    workspace: Workspace, scope: Scope, response: Response, why: str
) -> Comment:
    return Comment(
        text=Truncator(response.comment.strip()).chars(COMMENT_CHARS),
        why=why,
        score=score_text(response),
        touchpoint=_place(response, scope),
        submitted_at=response.submitted_at,
        link=_response_link(workspace, response),
    )


def _example_comments(
    workspace: Workspace,
    scope: Scope,
    start: datetime,
    end: datetime,
    irritants: Sequence[Irritant],
) -> list[Comment]:
    """Three comments worth reading: one about the top emerging irritant,
    the most negative and the most positive; else the newest."""
    commented = scope.responses(
        survey_selectors.response_list(workspace=workspace, since=start, until=end)
    ).exclude(comment="")
    picks: list[tuple[QuerySet[Response], str]] = []
    for irritant in irritants[:1]:
        there = scope_of(workspace=workspace, keys=[irritant.touchpoint_key])
        about = text_selectors.responses_filter_analysis(
            there.responses(commented), topic=irritant.topic_number
        ).order_by("analysis__sentiment_score", "-submitted_at", "-pk")
        picks.append((about, _("About “%(topic)s”") % {"topic": irritant.topic}))
    # A low score and negative words together; the words alone can misread
    # a negation ("nothing was broken").
    negative = text_selectors.responses_filter_analysis(
        commented.filter(survey_selectors.SCORE_BANDS["negative"]),
        sentiment="negative",
    )
    positive = text_selectors.responses_filter_analysis(
        commented.filter(survey_selectors.SCORE_BANDS["positive"]),
        sentiment="positive",
    )
    picks += [
        (negative.order_by("analysis__sentiment_score", "-pk"), _("Most negative")),
        (positive.order_by("-analysis__sentiment_score", "-pk"), _("Most positive")),
        (commented, _("Recent")),
        (commented, _("Recent")),
    ]
    chosen: list[Comment] = []
    seen: set[int] = set()
    for responses, why in picks:
        response = responses.exclude(pk__in=seen).first()
        if response is None:
            continue
        seen.add(response.pk)
        chosen.append(_comment(workspace, scope, response, why))
        if len(chosen) == EXAMPLE_COMMENTS:
            break
    return chosen


def digest_content(
    *, workspace: Workspace, scope: Scope, start: datetime, end: datetime
) -> Content:
    """The shared part of a weekly digest for `scope` over [start, end)."""
    responses = scope.responses(
        survey_selectors.response_list(workspace=workspace, since=start, until=end)
    )
    previous = scope.responses(
        survey_selectors.response_list(
            workspace=workspace, since=start - (end - start), until=start
        )
    )
    content = Content(answers=responses.count(), previous_answers=previous.count())
    last_day = (end - timedelta(days=1)).date()
    content.scores, content.movers = _scores(
        workspace,
        MetricFilter(since=start.date(), until=last_day, touchpoints_in=scope.keys),
    )
    content.irritants = _irritants(workspace, scope, start, end)
    content.breaches, content.breaches_total = _breaches(workspace, scope, start, end)
    content.comments = _example_comments(
        workspace, scope, start, end, content.irritants
    )
    return content


# Signals queued by rules -------------------------------------------------------


def _signal(workspace: Workspace, item: DigestItem, names: dict[str, str]) -> Signal:
    response, event = item.response, item.event
    if response is not None:
        key, what, at = response.touchpoint, score_text(response), response.submitted_at
        text = Truncator(response.comment.strip()).chars(COMMENT_CHARS)
    else:
        key, what, text = (event.touchpoint, event.type, "") if event else ("", "", "")
        at = item.created_at
    key = key or item.touchpoint
    return Signal(
        rule=item.rule.name if item.rule else _("A rule since deleted"),
        touchpoint=names.get(key, key),
        what=what,
        text=text,
        at=at,
        link=_signal_link(workspace, item),
    )


def signals_of(
    *, workspace: Workspace, items: Iterable[DigestItem], names: dict[str, str]
) -> list[Signal]:
    """The first MAX_ITEMS of `items`, newest first, as the digest lists them."""
    newest = sorted(items, key=lambda item: (item.created_at, item.pk), reverse=True)
    return [_signal(workspace, item, names) for item in newest[:MAX_ITEMS]]


def _signal_link(workspace: Workspace, item: DigestItem) -> str:
    if item.response is not None:
        return _response_link(workspace, item.response)
    if item.event is not None and item.event.customer_id is not None:
        path = reverse("web:customer_detail", args=[item.event.customer_id])
        return absolute(path, workspace)
    if item.rule_id is not None:
        return absolute(reverse("web:rule_detail", args=[item.rule_id]), workspace)
    return absolute(reverse("web:overview"), workspace)
