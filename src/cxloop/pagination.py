"""Keyset (cursor) paging: stable under inserts, cheap at any depth."""

import base64
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import orjson
from django.db.models import Q, QuerySet

from cxloop.errors import InvalidInput

MAX_LIMIT = 500
T = TypeVar("T")


def encode_cursor(moment: datetime, pk: int) -> str:
    raw = orjson.dumps([moment.isoformat(), pk])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, pk = orjson.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(moment), int(pk)
    except (ValueError, TypeError) as error:
        raise InvalidInput("Invalid cursor.", field="cursor") from error


def page(
    queryset: QuerySet[Any],
    *,
    time_field: str,
    limit: int,
    cursor: str | None,
    serialize: Callable[[Any], T],
) -> dict[str, Any]:
    """One page of a queryset ordered newest first by (time_field, pk)."""
    if cursor:
        moment, pk = decode_cursor(cursor)
        queryset = queryset.filter(
            Q(**{f"{time_field}__lt": moment}) | Q(**{time_field: moment, "pk__lt": pk})
        )
    rows: Sequence[Any] = list(queryset[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, time_field), last.pk)
    return {"items": [serialize(row) for row in rows], "next_cursor": next_cursor}
