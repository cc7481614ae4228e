"""Showing a key (a touchpoint's, say) by its name in the UI language."""

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def name_of(names: Mapping[str, str] | None, key: str) -> str:
    """`names[key]`, or the key itself when it names nothing known."""
    return (names or {}).get(key, key)
