"""The one exception type services raise when they refuse to do something."""

from collections.abc import Iterable

from django.utils.functional import Promise


class DomainError(Exception):
    """A refusal with a translated message, optionally about one input field.

    The API turns it into a 4xx JSON error (`status` decides which), web views
    show it as a form error.
    """

    status = 400

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


class InvalidInput(DomainError):
    """A value passed the schema but not the domain's rules (e.g. time zone)."""

    status = 422


# Real payloads nest a handful of levels (a Shopify order: order → line
# item → tax line → price set → money); far deeper JSON is an attack on
# whatever recurses over it later (validators, encoders, the database).
MAX_JSON_DEPTH = 64


class JsonTooDeep(DomainError):
    """A JSON document nests objects and arrays deeper than MAX_JSON_DEPTH."""

    status = 400


def json_depth_check(
    value: object, *, limit: int = MAX_JSON_DEPTH, field: str | None = None
) -> None:
    """Raise JsonTooDeep if `value` nests dicts and lists deeper than `limit`.

    Walks with a stack of its own, so the check itself cannot overflow
    Python's recursion limit.
    """
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise JsonTooDeep(
                f"The JSON is nested deeper than {limit} levels.", field=field
            )
        stack.extend(
            (child, depth + 1) for child in children if isinstance(child, dict | list)
        )
