"""How the Overview and Journeys pages word a measured figure.

One place for the scale of each metric, the format of a value and its
interval, the reason a group is greyed, and the sentence for a change
against the previous period, which names its test and p only when the
change is significant. Nothing here reads the database.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cxloop import stats


@dataclass(frozen=True)
class Scale:
    """One metric as a person reads it.

    `low`/`high` are the ends of the headline value's scale; a value at or
    above `good` is good, below `poor` is poor, between is middling (the
    heat map's colours and the Journeys cards' edges).
    """

    metric: str
    name: str | Promise
    long_name: str | Promise
    digits: int
    percent: bool
    low: float
    high: float
    good: float
    poor: float
    # What a change is measured in: "points", "percentage points".
    change_unit: str | Promise
    # Whether a higher value is better (a most chosen answer is neither).
    banded: bool = True


SCALES: dict[str, Scale] = {
    "nps": Scale(
        "nps",
        gettext_lazy("NPS"),
        gettext_lazy("NPS: % promoters − % detractors (−100 to 100)"),
        0,
        False,
        -100,
        100,
        30,
        0,
        gettext_lazy("points"),
    ),
    "csat": Scale(
        "csat",
        gettext_lazy("CSAT"),
        gettext_lazy("CSAT: share answering 4 or 5 of 5"),
        0,
        True,
        0,
        100,
        80,
        60,
        gettext_lazy("percentage points"),
    ),
    "ces": Scale(
        "ces",
        gettext_lazy("CES"),
        gettext_lazy("CES: mean effort, 1–7, higher is easier"),
        1,
        False,
        1,
        7,
        5.5,
        4.5,
        gettext_lazy("points"),
    ),
    "rating": Scale(
        "rating",
        gettext_lazy("Stars"),
        gettext_lazy("Stars: share giving 4 or 5 of 5"),
        0,
        True,
        0,
        100,
        80,
        60,
        gettext_lazy("percentage points"),
    ),
    "yes_no": Scale(
        "yes_no",
        gettext_lazy("Yes"),
        gettext_lazy("Share answering yes"),
        0,
        True,
        0,
        100,
        75,
        50,
        gettext_lazy("percentage points"),
    ),
    "choice": Scale(
        "choice",
        gettext_lazy("Most chosen"),
        gettext_lazy("Share of answers choosing the most common answer"),
        0,
        True,
        0,
        100,
        100,
        0,
        gettext_lazy("percentage points"),
        banded=False,
    ),
}


def number(value: float, digits: int) -> str:
    """In the reader's own decimal separator (Estonian writes 4,5), with a
    real minus sign (−33), which reads apart from a dash."""
    shown = number_format(round(value, digits), decimal_pos=digits)
    return shown.replace("-", "\u2212", 1) if shown.startswith("-") else shown


def value_text(value: float | None, scale: Scale) -> str:
    if value is None:
        return "—"
    shown = number(value, scale.digits)
    return f"{shown} %" if scale.percent else shown


def interval_text(estimate: stats.Estimate, scale: Scale) -> str:
    """E.g. "62 … 71", on the value's scale; empty when there is none."""
    if estimate.low is None or estimate.high is None:
        return ""
    return (
        f"{number(estimate.low, scale.digits)} … {number(estimate.high, scale.digits)}"
    )


def p_text(p_value: float) -> str:
    # Below 0.001 the digits say nothing more.
    if p_value < 0.001:
        return f"p < {number(0.001, 3)}"
    digits = 3 if p_value < 0.01 else 2
    return f"p = {number(p_value, digits)}"


def too_small_text(n: int, minimum: int) -> str:
    """Why a group is greyed, e.g. "n = 12, fewer than 30 answers"."""
    return ngettext(
        "n = %(n)s, fewer than %(minimum)s answer",
        "n = %(n)s, fewer than %(minimum)s answers",
        minimum,
    ) % {"n": n, "minimum": minimum}


def band(value: float | None, scale: Scale) -> str:
    if value is None:
        return "none"
    if not scale.banded:
        return "neutral"
    if value >= scale.good:
        return "good"
    return "middling" if value >= scale.poor else "poor"


BAND_NAMES = {
    "good": gettext_lazy("good"),
    "middling": gettext_lazy("middling"),
    "poor": gettext_lazy("poor"),
    "none": gettext_lazy("no answers"),
    "neutral": "",
}


@dataclass(frozen=True)
class Change:
    """A change against the previous period, worded."""

    direction: str  # "up", "down", "flat" or "" (nothing to compare)
    arrow: str
    text: str  # "▲ 6.2 points" or "no significant change"
    test: str  # "z-test of two NPS, p = 0.01"; empty when not tested
    significant: bool


def change(comparison: stats.Comparison | None, scale: Scale) -> Change:
    """The change's sentence; flagged only when its test says significant."""
    if comparison is None or comparison.difference is None:
        return Change("", "", _("nothing to compare with"), "", False)
    if comparison.p_value is None:
        return Change("", "", _("too few answers to compare"), "", False)
    test = f"{_(comparison.test)}, {p_text(comparison.p_value)}"
    if not comparison.significant:
        return Change("flat", "", _("no significant change"), test, False)
    difference = comparison.difference
    up = difference > 0
    size = number(abs(difference), 1)
    arrow = "▲" if up else "▼"
    text = f"{arrow} {size} {scale.change_unit}"
    return Change("up" if up else "down", arrow, text, test, True)


def figure(
    estimate: stats.Estimate,
    scale: Scale,
    minimum: int,
    comparison: stats.Comparison | None = None,
    *,
    detail: str = "",
) -> dict[str, Any]:
    """Everything a template shows of one figure; `detail` names what a
    share counts when its metric's name does not (a most chosen answer)."""
    # Greyed with its reason: some answers, but fewer than a page trusts.
    small = 0 < estimate.n < minimum
    return {
        "metric": scale.metric,
        "name": scale.name,
        "long_name": scale.long_name,
        "value": value_text(estimate.value, scale),
        "detail": detail,
        "interval": interval_text(estimate, scale),
        "method": _(estimate.method),
        "n": estimate.n,
        "empty": estimate.value is None,
        "small": small,
        "small_text": too_small_text(estimate.n, minimum) if small else "",
        "band": "none" if small else band(estimate.value, scale),
        "band_name": BAND_NAMES[band(estimate.value, scale)],
        "change": change(comparison, scale),
    }
