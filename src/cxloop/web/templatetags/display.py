"""Showing data that customers and shops shaped, without trusting its keys."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def pairs(value: object) -> list[tuple[str, Any]]:
    """A mapping's (key, value) pairs, in order, for a template to loop over.

    A template's `mapping.items` looks the key "items" up first, so a shop's
    event property or survey question named `items` (or `keys`, `values`,
    `get`) would replace the method and break the page; the pairs are built
    here instead. Anything that is not a mapping has no pairs.
    """
    if not isinstance(value, Mapping):
        return []
    return [(str(key), item) for key, item in value.items()]
