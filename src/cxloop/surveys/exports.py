"""Responses as records, CSV and JSON, streamed so any number fits in memory.

Shared by the API (`GET /api/v1/responses`) and the dashboard's exports, so a
response reads the same wherever it is taken from.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import orjson
from django.db.models import QuerySet

from cxloop.accounts.models import Workspace
from cxloop.surveys import hooks
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
    "language",
    "sentiment",
    "sentiment_score",
    "topics",
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
        # Filled by `records` once text analysis has run.
        "language": None,
        "sentiment": None,
        "topics": [],
    }


def records(
    responses: Sequence[Response], *, workspace: Workspace
) -> list[dict[str, Any]]:
    """Records of one workspace's responses with what lower apps add to them."""
    extra = hooks.response_records_extra(
        workspace=workspace, response_pks=[response.pk for response in responses]
    )
    return [
        response_record(response) | extra.get(response.pk, {}) for response in responses
    ]


def _all_records(
    responses: QuerySet[Response], workspace: Workspace
) -> Iterator[dict[str, Any]]:
    batch: list[Response] = []
    for response in responses.select_related("survey").iterator(chunk_size=CHUNK):
        batch.append(response)
        if len(batch) == CHUNK:
            yield from records(batch, workspace=workspace)
            batch = []
    yield from records(batch, workspace=workspace)


def _csv_row(record: dict[str, Any]) -> list[str]:
    sentiment = record.get("sentiment") or {}
    flat = record | {
        "sentiment": sentiment.get("label"),
        "sentiment_score": sentiment.get("score"),
        "topics": "; ".join(topic["label"] for topic in record.get("topics") or []),
    }
    return [_csv_cell(flat.get(column)) for column in CSV_COLUMNS]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # a number, even a negative one, is no formula
    text = str(value)
    # Spreadsheet formula injection: no cell may start a formula.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_lines(responses: QuerySet[Response], *, workspace: Workspace) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for record in _all_records(responses, workspace):
        writer.writerow(_csv_row(record))
        yield flush()


def json_lines(
    responses: QuerySet[Response], *, workspace: Workspace
) -> Iterator[bytes]:
    """A JSON array, written one response at a time."""
    yield b"["
    first = True
    for record in _all_records(responses, workspace):
        yield (b"" if first else b",\n") + orjson.dumps(record)
        first = False
    yield b"]\n"
