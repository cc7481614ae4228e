"""Responses as records, CSV and JSON, streamed so any number fits in memory.

Shared by the API (`GET /api/v1/responses`) and the dashboard's exports, so a
response reads the same wherever it is taken from.
"""

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import orjson
from django.db.models import QuerySet

from cxloop.surveys.models import Response

CSV_COLUMNS = [
    "response_id",
    "survey",
    "submitted_at",
    "touchpoint",
    "channel",
    "locale",
    "nps",
    "csat",
    "ces",
    "rating",
    "comment",
    "answers",
    "customer",
    "anonymous_id",
    "context",
]
CHUNK = 2000


def response_record(response: Response) -> dict[str, Any]:
    return {
        "response_id": response.response_id,
        "survey": response.survey.key,
        "touchpoint": response.touchpoint,
        "channel": response.channel,
        "locale": response.locale,
        "customer": response.customer_ref,
        "anonymous_id": response.anonymous_id,
        "answers": response.answers,
        "comment": response.comment,
        "nps": response.nps,
        "csat": response.csat,
        "ces": response.ces,
        "rating": response.rating,
        "context": response.context,
        "complete": response.is_complete,
        "submitted_at": response.submitted_at,
        "received_at": response.received_at,
        # Filled once text analysis has run (textanalysis issue).
        "language": None,
        "sentiment": None,
        "topics": [],
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    # Spreadsheet formula injection: no cell may start a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_lines(responses: QuerySet[Response]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for response in responses.select_related("survey").iterator(chunk_size=CHUNK):
        record = response_record(response)
        writer.writerow([_csv_cell(record.get(column)) for column in CSV_COLUMNS])
        yield flush()


def json_lines(responses: QuerySet[Response]) -> Iterator[bytes]:
    """A JSON array, written one response at a time."""
    yield b"["
    first = True
    for response in responses.select_related("survey").iterator(chunk_size=CHUNK):
        yield (b"" if first else b",\n") + orjson.dumps(response_record(response))
        first = False
    yield b"]\n"
