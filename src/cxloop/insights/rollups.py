"""The score rollup: answer counts per local day and cell, kept by the worker.

What it holds. `ScoreCell` counts, per workspace, local day, survey,
touchpoint (as the response names it), channel, language, customer segment
and order value band, how many responses there are and how many answered
each value of NPS, CSAT, CES and stars; `ScoreDay` the same per day, survey
and touchpoint only. Every figure and its exact interval and test come from
these counts (`metrics`). For each response it counts, `RolledResponse`
(the ledger) keeps the cell and scores it was counted with.

The queue instead of a cursor. A response's cell depends on more than its
own row: a partial response is stored again at every survey step, a merge
or an identification gives it another customer, an order imported late
(or cancelled, or removed) changes its customer's history before it. So
every write that can change a response's cell or scores adds a
`ScoreChange` row naming the response, in the same transaction
(`insights.changes`): `surveys.hooks.on_response_stored` (new and re-stored responses),
`on_responses_imported` (bulk imports), and `customers.hooks` on merge,
identification, erasure and order changes (`on_orders_changed`: the
customer's responses at or after the order). The worker takes the oldest
changes, takes each named response's ledger entry back out of the counts,
adds what the response is *now* and deletes exactly the change rows it
read, all in one transaction. A change row is the cursor: a response
whose counts may be stale is listed, and nothing else is.

Why rollup == raw at every moment. Invariant: for every response, either
the counts hold exactly what the response is now (its ledger entry equals
its current cell and scores), or a change row names it. A writer keeps it
(the change row commits with the change); the worker keeps it (a change
committed after the worker read the response leaves its own change row,
which the worker did not read and so does not delete). A reader therefore
takes, in one snapshot, the counts plus, for each response named by a
change row, its current contribution minus its ledger entry: exactly the
raw answer. The snapshot is one transaction (REPEATABLE READ on PostgreSQL,
a deferred read transaction on SQLite's WAL), so a worker batch committing
mid-read is seen entirely or not at all. Unlike an id cursor, nothing
depends on the order in which transactions commit: an uncommitted change
row is invisible to the worker and to the reader alike, as is the change
it describes. Within an enclosing transaction (a test, a caller's atomic
block) PostgreSQL reads at the caller's isolation level; no page does so.

What it does not hold. The local day depends on the workspace's time zone:
the rollup records the zone it was built in, readers read raw answers
while it differs (or before the first build), and the worker rebuilds it.
Stages, owners, teams and the touchpoint a response counts at when it
names none come from the journey at read time, so the rollup never
depends on them. Customer attributes (`attribute:<name>`) are read from
raw answers; so are reads while more than `TAIL_LIMIT` changes wait
(right after a rebuild started), which raw answers serve faster.
Deleting a customer row outright (SET NULL on responses) writes no change
row; cxloop never deletes customers (merges and erasures keep the row).
"""

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections, transaction
from django.db.models import Sum
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.insights import changes, metrics
from cxloop.insights.metrics import Cell, Tally
from cxloop.insights.models import (
    RolledResponse,
    ScoreCell,
    ScoreChange,
    ScoreDay,
    ScoreRollup,
)
from cxloop.surveys import selectors as survey_selectors

BATCH = 20_000
ID_CHUNK = 2_000
# More waiting changes than this and a read takes the raw answers instead.
TAIL_LIMIT = 20_000
FINE_DIMENSIONS = ("channel", "language", "segment", "band")
SCORES = ("nps", "csat", "ces", "rating")


def _chunks(items: Sequence[Any], size: int = ID_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# What a response contributes ---------------------------------------------


# A response's cell, where it counts in the cell's tally (`tally_indices`)
# and its four scores (nps, csat, ces, rating) as the ledger keeps them.
Contribution = tuple[Cell, tuple[int, ...], tuple[int | None, ...]]


def _current(
    workspace: Workspace, zone: ZoneInfo, ids: Sequence[int]
) -> dict[int, Contribution]:
    """Each of these responses' cell and counts as they are now."""
    found: dict[int, Contribution] = {}
    ordered = sorted(ids)
    # A dense run of ids (a rebuild) reads faster as a range than as a list.
    dense = bool(ordered) and len(ordered) * 2 > ordered[-1] - ordered[0]
    parts: Iterable[Sequence[int]] = [ordered] if dense else _chunks(ordered)
    wanted = set(ordered)
    for part in parts:
        rows = survey_selectors.response_score_rows(
            workspace=workspace,
            pks=None if dense else part,
            pk_range=(part[0], part[-1]) if dense else None,
        )
        for row in rows:
            if row["pk"] not in wanted:
                continue
            scores = tuple(row[name] for name in SCORES)
            indices = metrics.tally_indices(*scores)
            if indices is not None:
                found[row["pk"]] = (metrics.cell_of(row, zone), indices, scores)
    return found


def _held(workspace: Workspace, ids: Sequence[int]) -> dict[int, Contribution]:
    """What the rollup holds for these responses (their ledger entries)."""
    held: dict[int, Contribution] = {}
    for chunk in _chunks(sorted(ids)):
        rows = (
            RolledResponse.objects.of(workspace)
            .filter(response_id__in=chunk)
            .values_list(
                "response_id",
                *SCORES,
                "cell__day",
                "cell__survey_id",
                "cell__touchpoint",
                "cell__channel",
                "cell__language",
                "cell__segment",
                "cell__band",
            )
        )
        for response_id, *values in rows:
            scores = tuple(values[:4])
            indices = metrics.tally_indices(*scores)
            if indices is not None:
                held[response_id] = (Cell(*values[4:]), indices, scores)
    return held


def _coarse(cell: Cell) -> Cell:
    return Cell(cell.day, cell.survey_id, cell.touchpoint, "", "", "", "")


def _project(cell: Cell, dimensions: Collection[str]) -> Cell:
    """The cell with only the fine dimensions a reader asked for."""
    return Cell(
        cell.day,
        cell.survey_id,
        cell.touchpoint,
        *(
            getattr(cell, name) if name in dimensions else ""
            for name in FINE_DIMENSIONS
        ),
    )


# The worker -------------------------------------------------------------------


def _state(workspace: Workspace) -> ScoreRollup:
    """The workspace's rollup row, locked: one worker batch at a time."""
    state, _created = ScoreRollup.objects.select_for_update().get_or_create(
        workspace=workspace
    )
    return state


def _reset(workspace: Workspace, state: ScoreRollup) -> None:
    """Empty the rollup and queue every scored response (a rebuild)."""
    RolledResponse.objects.of(workspace).delete()
    ScoreCell.objects.of(workspace).delete()
    ScoreDay.objects.of(workspace).delete()
    ScoreChange.objects.of(workspace).delete()
    changes.record_query(
        survey_selectors.response_pks(workspace=workspace, scored=True)
    )
    state.timezone = workspace.timezone
    state.rebuilt_at = timezone.now()
    state.save(update_fields=["timezone", "rebuilt_at"])


def _postgresql(model: Any) -> bool:
    return connections[model.objects.db].vendor == "postgresql"


def _upsert(
    workspace: Workspace,
    model: type[ScoreCell] | type[ScoreDay],
    keys: Sequence[str],
    deltas: Mapping[tuple[Any, ...], Tally],
) -> dict[tuple[Any, ...], int]:
    """Add each delta to its row, creating rows that do not exist yet; the
    rows' ids by key.

    RETURNING (SQLite 3.35+, PostgreSQL) gives the ids without reading the
    table back. PostgreSQL gets one array per column (`unnest`), since
    psycopg binds a statement's parameters one by one in Python; SQLite
    multi-row VALUES within its 32,766 parameters.
    """
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    counts = ["n", *metrics.COLUMNS]
    columns = ", ".join(quote(c) for c in ["workspace_id", *keys, *counts])
    conflict = ", ".join(quote(c) for c in ["workspace_id", *keys])
    updates = ", ".join(
        f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counts
    )
    returning = f"RETURNING id, {', '.join(quote(k) for k in keys)}"
    # Identifiers come from the models' metadata; values are parameters.
    upsert = f"ON CONFLICT ({conflict}) DO UPDATE SET {updates} {returning}"
    items = list(deltas.items())
    statements: list[tuple[str, list[Any]]]
    if connection.vendor == "postgresql":
        types = ["date", "bigint", *["text"] * (len(keys) - 2), *["int"] * len(counts)]
        arrays = ", ".join(f"%s::{kind}[]" for kind in types)
        sql = f"INSERT INTO {table} ({columns}) SELECT %s, * FROM unnest({arrays}) "  # noqa: S608
        statements = [
            (
                sql + upsert,
                [
                    workspace.pk,
                    *(
                        list(c)
                        for c in zip(*(k + tuple(t) for k, t in part), strict=True)
                    ),
                ],
            )
            for part in _chunks(items, 50_000)
        ]
    else:
        width = 1 + len(keys) + len(counts)
        marks = "(" + ", ".join(["%s"] * width) + ")"
        adapt = connection.ops.adapt_datefield_value
        statements = [
            (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"VALUES {', '.join([marks] * len(part))} {upsert}",
                [
                    value
                    for key, tally in part
                    for value in (workspace.pk, adapt(key[0]), *key[1:], *tally)
                ],
            )
            for part in _chunks(items, 32_766 // width)
        ]
    ids: dict[tuple[Any, ...], int] = {}
    with connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)
            for pk, day, *rest in cursor.fetchall():
                if isinstance(day, str):  # SQLite returns the stored text
                    day = date.fromisoformat(day)
                ids[(day, *rest)] = pk
    return ids


def _delete_in(model: Any, column: str, values: Sequence[int]) -> None:
    """DELETE … WHERE column IN (values), without the ORM's per-value work."""
    if not values:
        return
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    delete = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)}"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{delete} = ANY(%s::bigint[])", [list(values)])
            return
        for chunk in _chunks(values):
            cursor.execute(f"{delete} IN ({', '.join(['%s'] * len(chunk))})", chunk)


def _ledger_write(
    workspace: Workspace,
    entries: Mapping[int, Contribution],
    cells: Mapping[Cell, int],
) -> None:
    if not entries:
        return
    connection = connections[RolledResponse.objects.db]
    table = connection.ops.quote_name(RolledResponse._meta.db_table)
    columns = "(response_id, workspace_id, cell_id, nps, csat, ces, rating)"
    rows = [
        (pk, workspace.pk, cells[cell], *scores)
        for pk, (cell, _indices, scores) in entries.items()
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(["%s::bigint[]"] * 3 + ["%s::smallint[]"] * 4)
            cursor.execute(
                f"INSERT INTO {table} {columns} SELECT * FROM unnest({arrays})",  # noqa: S608
                list(map(list, zip(*rows, strict=True))),
            )
            return
        sql = f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
        for part in _chunks(rows, 5_000):
            cursor.executemany(sql, part)


def _apply(
    workspace: Workspace,
    changed: Mapping[int, tuple[Contribution | None, Contribution | None]],
) -> None:
    """Move the counts from what the ledger holds to what the responses are."""
    fine: dict[Cell, Tally] = {}
    coarse: dict[Cell, Tally] = {}
    for before, after in changed.values():
        for contribution, sign in ((before, -1), (after, 1)):
            if contribution is None:
                continue
            cell, indices, _scores = contribution
            row = fine.get(cell)
            if row is None:
                row = fine[cell] = metrics.tally_new()
            day = coarse.get(_coarse(cell))
            if day is None:
                day = coarse[_coarse(cell)] = metrics.tally_new()
            for index in indices:
                row[index] += sign
                day[index] += sign
    entries = {pk: after for pk, (_before, after) in changed.items() if after}
    wanted = {after[0] for after in entries.values()}
    # Cells that gain a ledger entry are upserted even when their net change
    # is nothing (one response left, another came): their ids are needed.
    ids = _upsert(
        workspace,
        ScoreCell,
        ["day", "survey_id", "touchpoint", *FINE_DIMENSIONS],
        {
            tuple(cell)[:7]: tally
            for cell, tally in fine.items()
            if cell in wanted or any(tally)
        },
    )
    _upsert(
        workspace,
        ScoreDay,
        ["day", "survey_id", "touchpoint"],
        {tuple(cell)[:3]: tally for cell, tally in coarse.items() if any(tally)},
    )
    days = sorted({cell.day for cell, tally in fine.items() if tally[0] < 0})
    for chunk in _chunks(days, 500):
        # Rows emptied by this batch go (nothing in the ledger points at them).
        ScoreCell.objects.of(workspace).filter(day__in=chunk, n=0).delete()
        ScoreDay.objects.of(workspace).filter(day__in=chunk, n=0).delete()
    _delete_in(RolledResponse, "response_id", sorted(changed))
    _ledger_write(workspace, entries, {cell: ids[tuple(cell)[:7]] for cell in wanted})


@transaction.atomic
def scores_advance(*, workspace: Workspace, limit: int = BATCH) -> int:
    """Roll up the workspace's oldest waiting changes; how many were taken.

    Rebuilds first when the rollup was never built or its days are in
    another time zone than the workspace's. Idempotent: the counts, the
    ledger and the change rows move in one transaction, so a crash leaves
    all three as they were.
    """
    state = _state(workspace)
    if state.timezone != workspace.timezone:
        _reset(workspace, state)
    changes = list(
        ScoreChange.objects.of(workspace)
        .order_by("id")
        .values_list("id", "response_id")[:limit]
    )
    if not changes:
        return 0
    ids = sorted({response_id for _id, response_id in changes})
    zone = ZoneInfo(state.timezone)
    held, current = _held(workspace, ids), _current(workspace, zone, ids)
    changed = {
        pk: (held.get(pk), current.get(pk))
        for pk in ids
        if held.get(pk) != current.get(pk)
    }
    _apply(workspace, changed)
    # Exactly the rows read: one committed meanwhile stays for the next batch.
    _delete_in(ScoreChange, "id", [change_id for change_id, _response in changes])
    return len(changes)


def _idle(workspace: Workspace) -> bool:
    """Nothing to do: built in the workspace's zone and no change waiting
    (two lookups, no lock)."""
    built = (
        ScoreRollup.objects.filter(workspace=workspace)
        .values_list("timezone", flat=True)
        .first()
    )
    return built == workspace.timezone and not (
        ScoreChange.objects.of(workspace).exists()
    )


def scores_catch_up(*, workspace: Workspace) -> int:
    """Advance batch by batch (a transaction each) until nothing waits."""
    if _idle(workspace):
        return 0
    taken = total = scores_advance(workspace=workspace)
    while taken:
        taken = scores_advance(workspace=workspace)
        total += taken
    return total


def scores_catch_up_all() -> int:
    """The periodic job: every workspace (one with nothing waiting costs two
    lookups and takes no lock)."""
    return sum(
        scores_catch_up(workspace=workspace)
        for workspace in Workspace.objects.order_by("pk")
    )


def scores_rebuild(*, workspace: Workspace) -> int:
    """Rebuild the workspace's rollup from scratch; the responses it counts.

    Readers read raw answers until most of it is rebuilt, and stay exact.
    """
    with transaction.atomic():
        _reset(workspace, _state(workspace))
    scores_catch_up(workspace=workspace)
    return RolledResponse.objects.of(workspace).count()


# Reading ---------------------------------------------------------------------


@contextmanager
def _snapshot(alias: str) -> Iterator[None]:
    """Read the rollup, the ledger and the changes as of one moment.

    PostgreSQL: a REPEATABLE READ transaction. SQLite (WAL): a deferred
    transaction, whose first read fixes the snapshot; the project's
    transactions are IMMEDIATE (they take the write lock), which a read
    must not do, so this one is begun by hand. Inside a caller's
    transaction the caller's snapshot applies.
    """
    connection = connections[alias]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield
        return
    if connection.vendor != "sqlite":
        with transaction.atomic(using=alias):
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")  # nothing was written: ends the snapshot


def _stored(
    workspace: Workspace,
    first: date | None,
    last: date | None,
    dimensions: Collection[str],
    equal: Mapping[str, str],
) -> dict[Cell, Tally]:
    """The rollup's counts, summed to day, survey, touchpoint and `dimensions`."""
    fine = bool(dimensions) or bool(equal)
    model: type[ScoreCell] | type[ScoreDay] = ScoreCell if fine else ScoreDay
    rows = model.objects.of(workspace)
    if first is not None:
        rows = rows.filter(day__gte=first)
    if last is not None:
        rows = rows.filter(day__lte=last)
    if equal:
        rows = rows.filter(**equal)
    keys = [
        "day",
        "survey_id",
        "touchpoint",
        *(name for name in FINE_DIMENSIONS if name in dimensions),
    ]
    counts = ["n", *metrics.COLUMNS]
    if fine and set(dimensions) != set(FINE_DIMENSIONS):
        rows = rows.values(*keys).annotate(**{f"sum_{c}": Sum(c) for c in counts})
        names = [*keys, *(f"sum_{c}" for c in counts)]
    else:
        names = [*keys, *counts]
    at = [keys.index(name) if name in keys else None for name in FINE_DIMENSIONS]
    width = len(keys)
    cells: dict[Cell, Tally] = {}
    for row in rows.order_by().values_list(*names):
        fine_values = ("" if index is None else row[index] for index in at)
        cells[Cell(row[0], row[1], row[2], *fine_values)] = list(row[width:])
    return cells


def cells_read(
    *,
    workspace: Workspace,
    first: date | None,
    last: date | None,
    dimensions: Collection[str] = (),
    equal: Mapping[str, str] | None = None,
) -> dict[Cell, Tally] | None:
    """Counts per cell of days first…last: the rollup plus the waiting changes.

    Cells carry day, survey, touchpoint and only the fine `dimensions`
    asked for (channel, language, segment, band; the others are ""); `equal`
    keeps only cells with these fine values (e.g. {"channel": "email"}).
    None when the rollup cannot answer (never built, another time zone, a
    long queue): the caller reads raw answers.
    """
    equal = dict(equal or {})
    wanted = set(dimensions) | set(equal)
    zone = ZoneInfo(workspace.timezone)
    with _snapshot(ScoreCell.objects.db):
        state = (
            ScoreRollup.objects.filter(workspace=workspace)
            .values_list("timezone", flat=True)
            .first()
        )
        if state != workspace.timezone:
            return None
        waiting = list(
            ScoreChange.objects.of(workspace).values_list("response_id", flat=True)[
                : TAIL_LIMIT + 1
            ]
        )
        if len(waiting) > TAIL_LIMIT:
            return None
        cells = _stored(workspace, first, last, wanted, equal)
        ids = sorted(set(waiting))
        held, current = _held(workspace, ids), _current(workspace, zone, ids)
    for pk in ids:
        for contribution, sign in ((held.get(pk), -1), (current.get(pk), 1)):
            if contribution is None:
                continue
            cell, indices, _scores = contribution
            if (first and cell.day < first) or (last and cell.day > last):
                continue
            if any(getattr(cell, name) != value for name, value in equal.items()):
                continue
            tally = cells.setdefault(_project(cell, wanted), metrics.tally_new())
            for index in indices:
                tally[index] += sign
    return {cell: tally for cell, tally in cells.items() if tally[0]}
