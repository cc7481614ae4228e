"""The funnel rollup: distinct (session, type, time) moments, kept by the worker.

Why it is exact. The per-session funnel (`funnels._funnel_sql`) reads, for
each step, the pairs (session, time) of the step's event type in the
period, and only ever takes `MIN` of times and compares times: step 1 is
the session's earliest time of type 1; step k is its earliest time of type
k at or after (after, for a repeated type) step k-1, within the period.
Both are functions of the *set* of times each session had per type, so
two events of one session and type at the same instant are one moment,
and a moment seen twice changes nothing. The greedy needs every distinct
time, not only the first of each type: with views at 1 s and 10 s and a
cart at 5 s, "view → cart → view" reaches its third step at 10 s, which
the first view alone cannot tell. So the rollup keeps each distinct
moment (a narrow row in place of a wide event); the period filter
applies to moments as to events, and the raw funnel's SQL runs over them
for the sessions not read from timelines (below). A hypothesis test
checks rollup == raw on random streams, on both databases.

Freshness. A cursor per workspace marks the last event rolled up. A
funnel reads the moments plus the raw events after the cursor (a short
range of the primary key), so it never shows stale numbers for the open
tail and never waits for the worker. Because only the set of moments
matters, a moment read from both sides (the worker committed in between)
is harmless.

Reading one row per session. Joining moments step by step is still a join
per step over every moment of the period; instead each session's moments
are also kept as one byte string (`FunnelSession.timeline`, see
`journeys.timelines` for why a string search there is the same greedy),
rebuilt whenever a batch brings the session new moments. A funnel reads
the timeline of each session lying wholly inside its period and not
touched by newer events, and joins moments (plus the newer raw events)
only for the few others: per-session work, no join per step.

Who else writes events. Late or imported events get new ids, so the
cursor reaches them whatever their `occurred_at`. Identifying a visitor
and merging profiles change only `customer`, which per-session funnels do
not read (per-person funnels and `customer.` splits stay on raw events).
An erasure blanks the session id of the person's events: `moments_forget`
takes their moments back out first, so the rollup keeps no session id
the erasure removed.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import connections, transaction
from django.db.models import Count, F, Max, Min, QuerySet
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.journeys import timelines
from cxloop.journeys.models import Event, FunnelCursor, FunnelMoment, FunnelSession

BATCH = 50_000
# Sessions whose timelines are rebuilt per query (an IN list SQLite takes).
SESSION_CHUNK = 2_000
# Events are read only once this old: a batch stored with smaller ids but
# committed a moment later (PostgreSQL hands out ids before commit) is then
# visible, so the cursor never passes it. SQLite has one writer: no race.
SETTLE = timedelta(seconds=5)


def _cursor(workspace: Workspace) -> FunnelCursor:
    """The workspace's cursor, locked until the transaction ends.

    The lock orders the worker against an erasure: whichever comes second
    sees what the first committed.
    """
    cursor, _created = FunnelCursor.objects.select_for_update().get_or_create(
        workspace=workspace
    )
    return cursor


def _upper(workspace: Workspace, after: int, now: datetime, limit: int) -> int:
    """The last event id of the next batch: at most `limit` ids on, all settled.

    A range of ids, not the `limit`-th event: both are read through the
    primary key without counting or sorting the workspace's events.
    """
    newer = Event.objects.of(workspace).filter(pk__gt=after).order_by()
    newest = newer.aggregate(top=Max("pk"))["top"] or after
    upper = min(newest, after + limit)
    unsettled = newer.filter(pk__lte=upper, received_at__gte=now - SETTLE).aggregate(
        first=Min("pk")
    )["first"]
    return upper if unsettled is None else unsettled - 1


def _add_moments(workspace: Workspace, after: int, upper: int) -> int:
    """Upsert the moments of events (after, upper]: one statement, in SQL."""
    connection = connections[FunnelMoment.objects.db]
    quote = connection.ops.quote_name
    moments, events = FunnelMoment._meta.db_table, Event._meta.db_table
    # Identifiers come from the models' metadata; values are parameters.
    # The WHERE keeps SQLite's parser clear of its upsert ambiguity.
    sql = (
        f"INSERT INTO {quote(moments)} (workspace_id, session, type, at, events) "  # noqa: S608
        f"SELECT workspace_id, session_id, type, occurred_at, COUNT(*) "
        f"FROM {quote(events)} WHERE workspace_id = %s AND id > %s AND id <= %s "
        f"AND session_id <> '' GROUP BY workspace_id, session_id, type, occurred_at "
        f"ON CONFLICT (workspace_id, session, type, at) "
        f"DO UPDATE SET events = {quote(moments)}.events + excluded.events"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, after, upper])
        return int(cursor.rowcount)


def _timelines_rebuild(workspace: Workspace, sessions: set[str]) -> None:
    """Re-encode these sessions' timelines from all their moments.

    Done in Python, batch by batch as events arrive: the encoding sorts and
    formats a session's few moments, which SQLite's string aggregation
    cannot be trusted to keep in order. Plain SQL both ways, as in event
    ingestion: the ORM's per-row work would cost more than the encoding.
    """
    connection = connections[FunnelSession.objects.db]
    quote = connection.ops.quote_name
    moments_table = quote(FunnelMoment._meta.db_table)
    table = quote(FunnelSession._meta.db_table)
    # Identifiers come from the models' metadata; values are parameters.
    upsert = (
        f"INSERT INTO {table} (workspace_id, session, first_at, last_at, timeline) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (workspace_id, session) DO UPDATE "
        "SET first_at = excluded.first_at, last_at = excluded.last_at, "
        "timeline = excluded.timeline"
    )
    ordered = sorted(sessions)
    for start in range(0, len(ordered), SESSION_CHUNK):
        chunk = ordered[start : start + SESSION_CHUNK]
        moments: dict[str, list[tuple[Any, str]]] = {}
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session, type, at FROM {moments_table} "  # noqa: S608
                f"WHERE workspace_id = %s AND session IN ({marks})",
                [workspace.pk, *chunk],
            )
            for session, kind, at in cursor.fetchall():
                moments.setdefault(session, []).append((at, kind))
            # The first and last moment as stored (text on SQLite, which
            # sorts as time in Django's format).
            cursor.executemany(
                upsert,
                [
                    (
                        workspace.pk,
                        session,
                        min(at for at, _kind in mine),
                        max(at for at, _kind in mine),
                        timelines.encode(mine),
                    )
                    for session, mine in moments.items()
                ],
            )
        gone = set(chunk) - set(moments)
        if gone:
            FunnelSession.objects.of(workspace).filter(session__in=gone).delete()


@transaction.atomic
def moments_advance(
    *, workspace: Workspace, now: datetime | None = None, limit: int = BATCH
) -> int:
    """Roll up the next batch of the workspace's events; the ids consumed.

    Idempotent: the moments and the cursor move in one transaction, so a
    crash leaves both as they were and the rerun adds each event once.
    """
    cursor = _cursor(workspace)
    after = cursor.last_event_id
    upper = _upper(workspace, after, now or timezone.now(), limit)
    if upper <= after:
        return 0
    _add_moments(workspace, after, upper)
    touched = (
        Event.objects.of(workspace)
        .filter(pk__gt=after, pk__lte=upper)
        .exclude(session_id="")
        .order_by()
        .values_list("session_id", flat=True)
        .distinct()
    )
    _timelines_rebuild(workspace, set(touched))
    cursor.last_event_id = upper
    cursor.save(update_fields=["last_event_id"])
    return upper - after


def moments_catch_up(*, workspace: Workspace, now: datetime | None = None) -> int:
    """Advance batch by batch (one transaction each) until nothing is left."""
    consumed = total = moments_advance(workspace=workspace, now=now)
    while consumed:
        consumed = moments_advance(workspace=workspace, now=now)
        total += consumed
    return total


def moments_catch_up_all(*, now: datetime | None = None) -> int:
    """The periodic job: each workspace (one with nothing new costs a lookup)."""
    return sum(
        moments_catch_up(workspace=workspace, now=now)
        for workspace in Workspace.objects.order_by("pk")
    )


@transaction.atomic
def moments_forget(*, workspace: Workspace, events: QuerySet[Event]) -> int:
    """Take these events (about to lose their session id) out of the rollup.

    Only events the cursor has passed are in it; later ones are skipped by
    the worker once their session id is blank. A moment another event
    shares stays, counted once less. Returns the moments removed.
    """
    cursor = _cursor(workspace)
    gone = (
        events.filter(pk__lte=cursor.last_event_id)
        .exclude(session_id="")
        .order_by()
        .values("session_id", "type", "occurred_at")
        .annotate(n=Count("pk"))
    )
    removed = 0
    sessions = set()
    for row in gone:
        moment = FunnelMoment.objects.of(workspace).filter(
            session=row["session_id"], type=row["type"], at=row["occurred_at"]
        )
        moment.update(events=F("events") - row["n"])
        removed += moment.filter(events=0).delete()[0]
        sessions.add(row["session_id"])
    _timelines_rebuild(workspace, sessions)
    return removed


def moments_cursor(*, workspace: Workspace) -> int:
    """The last event id the rollup holds (0 before the worker's first pass)."""
    last: int | None = (
        FunnelCursor.objects.filter(workspace=workspace)
        .values_list("last_event_id", flat=True)
        .first()
    )
    return last or 0
