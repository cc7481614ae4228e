"""Keyset (cursor) paging: stable under inserts, cheap at any depth.

A cursor is opaque to the client: base64url JSON of the last row's sort
key. Whatever a client sends back instead (edited, truncated, crafted to
the edge of the calendar) is refused with `InvalidCursor` (an InvalidInput
about the field "cursor", answered 400), never passed on to the database.
"""

import base64
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from django.db.models import Q, QuerySet

from cxloop.errors import InvalidInput

MAX_LIMIT = 500
# Far longer than any cursor made here; a longer one is not worth decoding.
MAX_CURSOR_LENGTH = 200
# Primary keys and topic numbers fit a signed 64-bit column.
MAX_KEY = 2**63 - 1
T = TypeVar("T")


class InvalidCursor(InvalidInput):
    """A cursor this server did not make: a 400, as for any garbled token.

    Still an InvalidInput, so callers that turn a bad cursor into a first
    page (the dashboard's lists) catch it as before.
    """

    status = 400


def _invalid() -> InvalidCursor:
    return InvalidCursor("Invalid cursor.", field="cursor")


def _encode(value: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(value)).decode().rstrip("=")


def _decode(cursor: str) -> Any:
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise _invalid()
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return orjson.loads(base64.urlsafe_b64decode(padded))
    except ValueError as error:  # binascii.Error and JSONDecodeError too
        raise _invalid() from error


def _key(value: Any) -> int:
    # bool is an int to Python, and a float or a huge number to nobody's
    # primary key.
    if type(value) is not int or not 0 < value <= MAX_KEY:
        raise _invalid()
    return value


def encode_cursor(moment: datetime, pk: int) -> str:
    return _encode([moment.isoformat(), pk])


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (moment, pk) a cursor of `encode_cursor` holds, as an aware UTC time.

    Raises InvalidInput(field="cursor") for anything else, including a time
    whose offset takes it outside the years 1–9999 (which the database
    drivers cannot convert).
    """
    value = _decode(cursor)
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[0], str):
        raise _invalid()
    try:
        moment = datetime.fromisoformat(value[0])
        if moment.tzinfo is None:
            raise _invalid()
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise _invalid() from error
    return moment, _key(value[1])


def encode_number_cursor(number: int) -> str:
    """A cursor after `number`, for lists ordered by a number (topics)."""
    return _encode([number])


def decode_number_cursor(cursor: str) -> int:
    value = _decode(cursor)
    if not isinstance(value, list) or len(value) != 1:
        raise _invalid()
    return _key(value[0])


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
