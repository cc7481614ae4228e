"""The API's JSON body parser: orjson, exact integers, bounded nesting, no NULs.

PostgreSQL cannot store U+0000 in text or jsonb; rather than a 500 deep in
a write, NULs are dropped from every string of the body when it is read.

orjson reads an integer beyond 64 bits as a float, which would be stored
rounded; a body with such a long run of digits is read by the standard
library instead, which keeps the integer exact for the schemas to refuse
("properties must be JSON with 64-bit numbers").

Nesting deeper than `MAX_JSON_DEPTH` is refused before any schema sees the
body (a 400), so no validator or encoder recurses over it.
"""

import json
import math
import re
from typing import Any, NoReturn, cast

import orjson
from django.http import HttpRequest
from ninja.parser import Parser

from cxloop.errors import MAX_JSON_DEPTH, JsonTooDeep, json_depth_check

# 2**64 has 20 digits: anything orjson could read as an integer is shorter.
_LONG_DIGITS = re.compile(rb"\d{20,}")


def without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _too_deep() -> JsonTooDeep:
    return JsonTooDeep(
        f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.", field="body"
    )


def _finite(text: str) -> float:
    # As orjson: a number too large for a double is refused, not infinity.
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:20]} is too large a number")
    return number


def _exact(body: bytes) -> Any:
    try:
        return json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as error:
        raise _too_deep() from error


def json_body(body: bytes) -> Any:
    """The body as JSON; raises ValueError (or JsonTooDeep) when it is not."""
    if _LONG_DIGITS.search(body):
        data = _exact(body)
    else:
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as error:
            if str(error).startswith("depth limit exceeded"):
                raise _too_deep() from error
            raise
    # A document with fewer brackets than the limit cannot nest deeper.
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH:
        json_depth_check(data, field="body")
    if b"\\u0000" in body:
        data = without_nul(data)
    return data


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], json_body(request.body))
