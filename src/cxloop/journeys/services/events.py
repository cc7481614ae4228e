"""Writes of journey events: ingest, identify, erase, order milestones."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, cast

from django.db import connections, models, transaction
from django.db.models import Field
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import services as customer_services
from cxloop.journeys import hooks, rollups
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
    # Set by callers that already know the profile (an order's milestones);
    # otherwise the reference and anonymous id are resolved.
    customer_id: int | None = None


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    stored_ids: list[str]


INSERT_COLUMNS = (
    "workspace",
    "event_id",
    "type",
    "touchpoint",
    "customer_ref",
    "customer",
    "anonymous_id",
    "session_id",
    "properties",
    "occurred_at",
    "received_at",
    "ingest_batch",
)


def _insert_ignoring_known(rows: list[tuple[Any, ...]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING with executemany.

    The ingestion hot path: the ORM's bulk_create spends most of its time
    compiling per-field SQL (about 3x the insert itself on SQLite). JSON,
    time and UUID values are still prepared by their fields, as the ORM
    would; plain text and integers go to the driver as they are.
    """
    if not rows:
        return
    db = connections[Event.objects.db]  # the real connection, not the proxy
    fields = [
        cast(Field[Any, Any], Event._meta.get_field(name)) for name in INSERT_COLUMNS
    ]
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.get_attname_column()[1] or "") for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = f"{quote('workspace_id')}, {quote('event_id')}"
    # Identifiers come from the model's own metadata, never from input.
    sql = (
        f"INSERT INTO {quote(Event._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({placeholders}) ON CONFLICT ({conflict}) DO NOTHING"
    )
    preparers = [
        None
        if isinstance(field, models.CharField | models.ForeignKey)
        else partial(field.get_db_prep_save, connection=db)
        for field in fields
    ]
    prepared = [
        tuple(
            value if prepare is None else prepare(value)
            for prepare, value in zip(preparers, row, strict=True)
        )
        for row in rows
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _customer_ids(workspace: Workspace, items: list[EventInput]) -> list[int | None]:
    """The profile of each event, resolved for the whole batch at once."""
    signals = [
        customer_services.signals_from_ref(item.customer_ref, item.anonymous_id)
        if item.customer_id is None and (item.customer_ref or item.anonymous_id)
        else None
        for item in items
    ]
    resolved = customer_services.customer_resolve_many(
        workspace=workspace, signals=signals, source="events"
    )
    return [
        item.customer_id if item.customer_id is not None else customer_id
        for item, customer_id in zip(items, resolved, strict=True)
    ]


def event_ingest(*, workspace: Workspace, events: Sequence[EventInput]) -> IngestResult:
    """Store the events whose `event_id` is new to the workspace.

    Idempotent: an event id already stored, or repeated within the batch, is
    counted as a duplicate and stored nothing. Safe under concurrent retries:
    the unique constraint decides, and the batch marker counts what this call
    itself inserted. Each event's customer reference is resolved to a
    profile (created for a new e-mail, phone or shop id, never for a browser
    id alone), before the events' own transaction: on SQLite that one holds
    the only write lock, and resolving usually only reads. A profile the
    resolution created stays if storing then fails; a retry finds it.
    """
    unique: dict[str, EventInput] = {}
    for item in events:
        unique.setdefault(item.event_id, item)
    customer_ids = _customer_ids(workspace, list(unique.values()))
    return _store(workspace, list(unique.values()), customer_ids, len(events))


@transaction.atomic
def _store(
    workspace: Workspace,
    unique: list[EventInput],
    customer_ids: list[int | None],
    sent: int,
) -> IngestResult:
    batch = uuid.uuid4()
    received_at = timezone.now()
    rows = [
        (
            workspace.pk,
            item.event_id,
            item.type,
            item.touchpoint,
            item.customer_ref,
            customer_id,
            item.anonymous_id,
            item.session_id,
            item.properties,
            item.occurred_at or received_at,
            received_at,
            batch,
        )
        for item, customer_id in zip(unique, customer_ids, strict=True)
    ]
    _insert_ignoring_known(rows)
    stored = list(
        Event.objects.filter(
            workspace=workspace,
            event_id__in=[item.event_id for item in unique],
            ingest_batch=batch,
        ).values_list("pk", "event_id")
    )
    stored_ids = [event_id for _pk, event_id in stored]
    hooks.events_stored(workspace=workspace, event_pks=[pk for pk, _id in stored])
    return IngestResult(
        accepted=len(stored_ids),
        duplicates=sent - len(stored_ids),
        stored_ids=stored_ids,
    )


# What customers asks of journey events (registered in apps.py) -----------


def event_move_customers(
    workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]
) -> None:
    """A merge: the merged profiles' events are the survivor's."""
    customer_hooks.rows_move(Event.objects.of(workspace), survivor_id, merged_ids)


def event_identify(workspace: Workspace, owners: Mapping[str, int]) -> None:
    """Visitors identified: their earlier anonymous events join their profiles."""
    customer_hooks.rows_identify(Event.objects.of(workspace), owners)


def event_erase(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """Keep the events (counts, funnels) but nothing that names the person.

    Their moments leave the funnel rollup first, in the same transaction,
    while their session ids can still be read.
    """
    events = Event.objects.of(workspace).filter(
        customer_id__in=list(subject.customer_ids)
    )
    with transaction.atomic():
        rollups.moments_forget(workspace=workspace, events=events)
        erased = events.update(
            properties={}, customer_ref={}, anonymous_id="", session_id=""
        )
    return {"events": erased}


ORDER_TOUCHPOINTS = {
    "order_placed": "checkout",
    "order_paid": "payment",
    "order_fulfilled": "delivery",
    "order_delivered": "delivery",
    "order_cancelled": "checkout",
    "order_refunded": "returns",
}


def event_record_order_milestones(
    workspace: Workspace, milestones: Sequence[customer_hooks.OrderMilestone]
) -> None:
    """Each stage an order reaches becomes one journey event (idempotent)."""
    event_ingest(
        workspace=workspace,
        events=[
            EventInput(
                event_id=f"order:{m.source}:{m.external_id}:{m.type}"[:100],
                type=m.type,
                touchpoint=ORDER_TOUCHPOINTS.get(m.type, ""),
                customer_ref=dict(m.properties.get("customer") or {}),
                properties={k: v for k, v in m.properties.items() if k != "customer"},
                occurred_at=m.at,
                customer_id=m.customer_id,
            )
            for m in milestones
        ],
    )
