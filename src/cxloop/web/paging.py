"""Keyset pages of the dashboard's lists, forgiving of a mangled cursor."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet

from cxloop.errors import InvalidInput
from cxloop.pagination import page

T = TypeVar("T")


def page_or_first(
    queryset: QuerySet[Any],
    *,
    cursor: str | None,
    time_field: str,
    limit: int,
    serialize: Callable[[Any], T],
) -> dict[str, Any]:
    """The page after `cursor`, or the first page when the cursor is bad.

    A cursor comes back from the page's own "Show more" link, so a bad one
    was edited, cut off or is from an older version: the list starts again
    from the newest rather than failing.
    """
    paging: dict[str, Any] = {
        "time_field": time_field,
        "limit": limit,
        "serialize": serialize,
    }
    try:
        return page(queryset, cursor=cursor or None, **paging)
    except InvalidInput:
        return page(queryset, cursor=None, **paging)
