"""Writes of journey events."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.journeys.models import Event

MAX_BATCH = 1000


@dataclass(frozen=True)
class EventInput:
    """One validated event as a sender described it."""

    event_id: str
    type: str
    touchpoint: str = ""
    customer_ref: dict[str, str] = field(default_factory=dict)
    anonymous_id: str = ""
    session_id: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    stored_ids: list[str]


@transaction.atomic
def event_ingest(*, workspace: Workspace, events: Sequence[EventInput]) -> IngestResult:
    """Store the events whose `event_id` is new to the workspace.

    Idempotent: an event id already stored, or repeated within the batch, is
    counted as a duplicate and stored nothing. Safe under concurrent retries:
    the unique constraint decides, and the batch marker counts what this call
    itself inserted.
    """
    unique: dict[str, EventInput] = {}
    for item in events:
        unique.setdefault(item.event_id, item)
    batch = uuid.uuid4()
    received_at = timezone.now()
    Event.objects.bulk_create(
        [
            Event(
                workspace=workspace,
                event_id=item.event_id,
                type=item.type,
                touchpoint=item.touchpoint,
                customer_ref=item.customer_ref,
                anonymous_id=item.anonymous_id,
                session_id=item.session_id,
                properties=item.properties,
                occurred_at=item.occurred_at or received_at,
                received_at=received_at,
                ingest_batch=batch,
            )
            for item in unique.values()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    stored_ids = list(
        Event.objects.filter(
            workspace=workspace, event_id__in=list(unique), ingest_batch=batch
        ).values_list("event_id", flat=True)
    )
    return IngestResult(
        accepted=len(stored_ids),
        duplicates=len(events) - len(stored_ids),
        stored_ids=stored_ids,
    )
