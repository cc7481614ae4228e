"""A trend drawn on the server as a small SVG: prints, needs no script.

The line joins the months that have answers; the shaded band is their
95 % interval; a month below the minimum number of answers is drawn as a
hollow dot, so the difference reads without colour. Only numbers enter
the markup; the label is escaped.
"""

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cxloop.web import figures

register = template.Library()

WIDTH, HEIGHT, PAD = 240, 56, 4


def _y(value: float, low: float, high: float) -> float:
    return PAD + (HEIGHT - 2 * PAD) * (high - value) / (high - low)


def _x(index: int, count: int) -> float:
    if count < 2:
        return WIDTH / 2
    return PAD + (WIDTH - 2 * PAD) * index / (count - 1)


def _band(points: Sequence[dict[str, Any]], low: float, high: float) -> str:
    shown = [
        (i, p)
        for i, p in enumerate(points)
        if p["low"] is not None and p["high"] is not None
    ]
    if len(shown) < 2:
        return ""
    upper = [
        f"{_x(i, len(points)):.1f},{_y(p['high'], low, high):.1f}" for i, p in shown
    ]
    lower = [
        f"{_x(i, len(points)):.1f},{_y(p['low'], low, high):.1f}"
        for i, p in reversed(shown)
    ]
    return f'<polygon class="trend-band" points="{" ".join(upper + lower)}"/>'


@register.simple_tag
def trend_svg(
    points: Sequence[dict[str, Any]], low: float, high: float, label: str
) -> SafeString:
    """An inline SVG of `points` ({value, low, high, small}) on the scale low…high."""
    count = len(points)
    line = " ".join(
        f"{_x(i, count):.1f},{_y(p['value'], low, high):.1f}"
        for i, p in enumerate(points)
        if p["value"] is not None
    )
    dots = "".join(
        f'<circle class="trend-dot{" trend-dot-small" if p["small"] else ""}" '
        f'cx="{_x(i, count):.1f}" cy="{_y(p["value"], low, high):.1f}" r="2.5"/>'
        for i, p in enumerate(points)
        if p["value"] is not None
    )
    zero = ""
    if low < 0 < high:
        y = _y(0, low, high)
        zero = (
            f'<line class="trend-zero" x1="0" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
    body = _band(points, low, high) + zero
    if line:
        body += f'<polyline class="trend-line" points="{line}"/>' + dots
    return format_html(
        '<svg class="trend-svg" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "{}</svg>",
        WIDTH,
        HEIGHT,
        label,
        mark_safe(body),  # noqa: S308 - numbers and fixed class names only
    )


@register.filter
def p_text(p_value: float | None) -> str:
    """A p-value as every page states it ("p < 0,001" in Estonian)."""
    return "" if p_value is None else figures.p_text(p_value)
