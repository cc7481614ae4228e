"""A funnel over millions of journey events, next to DuckDB on the same rows.

Fills a fresh installation with N journey events (default 10,000,000) of
shop sessions: page views, searches, product views, carts, checkouts and
orders with realistic drop-off, over 90 days, each event with a channel
and a device. The fill uses each database's bulk path (COPY on
PostgreSQL, `executemany` in large transactions on SQLite). Then, in the
same run:

- the funnel rollup built by the worker's service
  (`journeys.rollups.moments_catch_up`), timed in events/s;
- `journeys.funnels.funnel(...)`, as the Journeys page calls it (the
  rollup plus the raw events after its cursor), over the whole period (5
  steps, per session), and the same split by device (everybody from the
  rollup, the groups from raw events);
- the same over raw events only (`from_rollup=False`), unless `--skip-raw`;
- the same events exported to Parquet (through CSV, written by DuckDB
  itself), and DuckDB running the same funnel on the Parquet file: the
  same steps and the same definition (a session enters with its first
  event of the first type; it reaches step k with its first event of type
  k at or after step k-1). All must give the same counts.

Uses DATABASE_URL when set (run it under scripts/with-postgres.sh for
PostgreSQL), else SQLite.

    .venv/bin/python bench/funnel.py [--events 10000000] [--rounds 3]
        [--skip-raw] [--skip-split]
"""

import argparse
import random
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import bench_env, csv_export, data_dir, django_setup, machine, median

STEPS = [
    "page_view",
    "product_viewed",
    "cart_added",
    "checkout_started",
    "order_placed",
]
START = datetime(2026, 8, 1, tzinfo=UTC)
DAYS = 90
CHANNELS = ["organic", "ads", "email", "social"]
DEVICES = ["mobile", "mobile", "desktop", "tablet"]
CHUNK = 100_000


def sessions(count: int, seed: int = 10) -> Iterator[tuple[Any, ...]]:
    """(session, anonymous id, type, seconds since START, channel, device)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    made = session = 0
    while made < count:
        session += 1
        visitor = f"v{rng.randrange(count // 12 + 1)}"
        at = rng.random() * DAYS * 86400
        channel, device = rng.choice(CHANNELS), rng.choice(DEVICES)
        kinds = ["page_view"] * rng.randint(1, 4)
        if rng.random() < 0.3:
            kinds.append("search")
        # Drop-off: most visitors look, fewer put something in the cart,
        # and fewer still pay; mobile checkouts are abandoned more often.
        if rng.random() < 0.55:
            kinds += ["product_viewed"] * rng.randint(1, 3)
            if rng.random() < 0.35:
                kinds.append("cart_added")
                if rng.random() < (0.5 if device == "mobile" else 0.7):
                    kinds.append("checkout_started")
                    if rng.random() < 0.75:
                        kinds.append("order_placed")
        if rng.random() < 0.1:
            kinds.append("page_view")  # back to browsing
        for kind in kinds[: count - made]:
            at += rng.randint(3, 240)
            yield (f"s{session}", visitor, kind, at, channel, device)
            made += 1


def _stamp(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def fill(workspace_id: int, count: int) -> None:
    from django.db import connection, transaction

    received = datetime.now(UTC)
    batch = uuid.uuid4()
    rows = sessions(count)
    done = 0
    if connection.vendor == "postgresql":
        columns = (
            "workspace_id, event_id, type, touchpoint, customer_ref, anonymous_id,"
            " session_id, properties, occurred_at, received_at, ingest_batch"
        )
        tail = f"\t{received.isoformat()}\t{batch}\n"
        with transaction.atomic():
            raw = connection.connection  # psycopg's own, for COPY
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY journeys_event ({columns}) FROM STDIN") as copy,
            ):
                while True:
                    part = [
                        f"{workspace_id}\te{done + n}\t{kind}\t\t{{}}\t{visitor}\t"
                        f'{session}\t{{"channel": "{channel}", "device": "{device}"}}'
                        f"\t{_stamp(at).isoformat()}{tail}"
                        for n, (session, visitor, kind, at, channel, device) in zip(
                            range(CHUNK), rows, strict=False
                        )
                    ]
                    if not part:
                        break
                    copy.write("".join(part))
                    done += len(part)
                    sys.stderr.write(f"\r{done} events")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE journeys_event")
    else:
        sql = (
            "INSERT INTO journeys_event (workspace_id, event_id, type, touchpoint,"
            " customer_ref, anonymous_id, session_id, properties, occurred_at,"
            " received_at, ingest_batch) VALUES"
            " (%s, %s, %s, '', '{}', %s, %s, %s, %s, %s, %s)"
        )
        # Django's own text forms of instants and UUIDs on SQLite.
        stamp = received.strftime("%Y-%m-%d %H:%M:%S.%f")
        hexed = batch.hex
        while True:
            part = [
                (
                    workspace_id,
                    f"e{done + n}",
                    kind,
                    visitor,
                    session,
                    f'{{"channel": "{channel}", "device": "{device}"}}',
                    _stamp(at).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    stamp,
                    hexed,
                )
                for n, (session, visitor, kind, at, channel, device) in zip(
                    range(CHUNK), rows, strict=False
                )
            ]
            if not part:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, part)
            done += len(part)
            sys.stderr.write(f"\r{done} events")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    sys.stderr.write("\n")


def export_csv(workspace_id: int, path: Path) -> None:
    """The workspace's events as CSV, streamed (then DuckDB writes Parquet)."""
    csv_export(
        table="journeys_event",
        columns=[
            "event_id",
            "type",
            "session_id",
            "anonymous_id",
            "customer_id",
            "occurred_at",
            "properties",
        ],
        workspace_id=workspace_id,
        path=path,
    )


def to_parquet(source: Path, target: Path) -> None:
    import duckdb

    with duckdb.connect() as db:
        db.execute("SET TimeZone = 'UTC'")
        db.execute("SET enable_progress_bar = false")
        db.execute(
            f"COPY (SELECT event_id, type, session_id, anonymous_id, customer_id,"  # noqa: S608
            f" CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at,"
            f" json_extract_string(properties, '$.device') AS device"
            f" FROM read_csv('{source}', header = true, all_varchar = true,"
            f" delim = ',', quote = '\"', escape = '\"'))"
            f" TO '{target}' (FORMAT parquet)"
        )


def duckdb_funnel(
    parquet: Path, since: datetime, until: datetime, split: bool
) -> dict[str, dict[int, tuple[int, float | None]]]:
    """The same funnel, written for DuckDB: group → step → (reached, median s)."""
    import duckdb

    steps = ", ".join(f"'{step}'" for step in STEPS)
    chain = [
        "s1 AS (SELECT unit, min(moment) AS t FROM base WHERE kind = $k1 GROUP BY unit)"
    ]
    chain += [
        f"s{k} AS (SELECT b.unit, min(b.moment) AS t FROM base b "  # noqa: S608
        f"JOIN s{k - 1} p USING (unit) WHERE b.kind = $k{k} AND b.moment >= p.t "
        f"GROUP BY b.unit)"
        for k in range(2, len(STEPS) + 1)
    ]
    # The device of the session's entering event (the smallest, on a tie).
    chain.append(
        "g AS (SELECT b.unit, min(b.grp) AS grp FROM base b JOIN s1 USING (unit) "
        "WHERE b.kind = $k1 AND b.moment = s1.t GROUP BY b.unit)"
    )
    joins = " ".join(f"LEFT JOIN s{k} USING (unit)" for k in range(2, len(STEPS) + 1))
    columns = ", ".join(f"s{k}.t AS t{k}" for k in range(1, len(STEPS) + 1))
    figures = ", ".join(
        f"count(t{k}), median(epoch(t{k}) - epoch(t{k - 1}))"
        if k > 1
        else "count(t1), NULL"
        for k in range(1, len(STEPS) + 1)
    )
    group = "g.grp" if split else "''"
    sql = (
        f"WITH base AS (SELECT session_id AS unit, type AS kind,"  # noqa: S608
        f" occurred_at AS moment, device AS grp FROM '{parquet}'"
        f" WHERE type IN ({steps}) AND session_id <> ''"
        f" AND occurred_at >= $since AND occurred_at < $until), "
        + ", ".join(chain)
        + f", funnel AS (SELECT {group} AS grp, {columns} FROM s1"  # noqa: S608
        f" JOIN g USING (unit) {joins}) "
        f"SELECT grp, {figures} FROM funnel GROUP BY grp"
    )
    params: dict[str, Any] = {f"k{k}": step for k, step in enumerate(STEPS, start=1)}
    params.update(since=since, until=until)
    with duckdb.connect() as db:
        db.execute("SET TimeZone = 'UTC'")
        db.execute("SET enable_progress_bar = false")
        rows = db.execute(sql, params).fetchall()
    return {
        str(row[0] or ""): {
            k: (int(row[2 * k - 1]), row[2 * k]) for k in range(1, len(STEPS) + 1)
        }
        for row in rows
    }


def build_rollup(workspace: Any) -> float:
    """Roll up every event as the worker would; the seconds it took."""
    from django.db import connection

    from cxloop.journeys import rollups

    began = time.perf_counter()
    rollups.moments_catch_up(
        workspace=workspace, now=datetime.now(UTC) + timedelta(days=1)
    )
    took = time.perf_counter() - began
    # As autovacuum would soon: statistics, and on PostgreSQL the visibility
    # map that lets the steps read the covering index alone.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE journeys_funnelmoment")
        else:
            cursor.execute("ANALYZE journeys_funnelmoment")
    return took


def cxloop_counts(result: Any) -> dict[str, list[int]]:
    groups = result.groups or [result.total]
    return {group.key: [step.reached for step in group.steps] for group in groups}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--skip-raw", action="store_true", help="no funnel over raw events"
    )
    parser.add_argument(
        "--skip-split", action="store_true", help="no split (its groups read raw)"
    )
    args = parser.parse_args()
    env = bench_env()
    django_setup(env)
    from django.core.management import call_command
    from django.db import connection

    from cxloop.accounts import services as accounts
    from cxloop.journeys import funnels

    call_command("migrate", verbosity=0)
    workspace = accounts.workspace_create(slug="bench", name="Bench")
    began = time.perf_counter()
    fill(workspace.pk, args.events)
    filled = time.perf_counter() - began
    began = time.perf_counter()
    exported = data_dir(env) / "events.csv"
    parquet = data_dir(env) / "events.parquet"
    export_csv(workspace.pk, exported)
    to_parquet(exported, parquet)
    exporting = time.perf_counter() - began
    exported.unlink()
    rolling = build_rollup(workspace)
    period = {"since": START, "until": START + timedelta(days=DAYS + 1)}

    def rolled(split: bool) -> Any:
        return funnels.funnel(
            workspace=workspace,
            steps=STEPS,
            split_by="device" if split else "",
            **period,
        )

    def raw(split: bool) -> Any:
        return funnels.funnel(
            workspace=workspace,
            steps=STEPS,
            split_by="device" if split else "",
            from_rollup=False,
            **period,
        )

    def theirs(split: bool) -> Any:
        # Like `funnel()`, a split also counts everybody once more.
        if split:
            duckdb_funnel(parquet, split=False, **period)
        return duckdb_funnel(parquet, split=split, **period)

    plan = [("duckdb", theirs, False), ("rollup", rolled, False)]
    if not args.skip_raw:
        plan.append(("raw", raw, False))
    if not args.skip_split:
        plan += [("duckdb split", theirs, True), ("rollup split", rolled, True)]
        if not args.skip_raw:
            plan.append(("raw split", raw, True))
    times: dict[str, list[float]] = {}
    results: dict[str, Any] = {}
    for _round in range(args.rounds):
        for name, call, split in plan:
            began = time.perf_counter()
            results[name] = call(split)
            times.setdefault(name, []).append(time.perf_counter() - began)
            sys.stderr.write(f"{name}: {times[name][-1]:.2f} s\n")

    checks = []
    for name in results:
        if name.startswith("duckdb"):
            continue
        split = " split" if name.endswith("split") else ""
        mine = cxloop_counts(results[name])
        duck = {
            key: [reached for reached, _median in steps.values()]
            for key, steps in results["duckdb" + split].items()
        }
        checks.append(mine == duck)
        if mine != duck:
            print(f"!! counts differ ({name}): cxloop {mine} duckdb {duck}")
    if "raw" in results:
        # The rollup answers exactly as raw events, medians included.
        checks.append(results["rollup"] == results["raw"])
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    size = parquet.stat().st_size / 2**20
    shutil.rmtree(data_dir(env), ignore_errors=True)
    total = results["rollup"].total
    print(f"machine: {machine()}; database: {database}")
    print(
        f"{args.events:,} events in {filled:.0f} s "
        f"({args.events / filled:,.0f} events/s); exported to Parquet "
        f"({size:.0f} MiB) in {exporting:.0f} s"
    )
    print(f"rollup built in {rolling:.0f} s ({args.events / rolling:,.0f} events/s)")
    print(
        f"funnel: {total.entered:,} sessions entered, "
        f"reached {[step.reached for step in total.steps]}; "
        f"same counts (rollup, raw, DuckDB): {all(checks)}"
    )
    print(f"median of {args.rounds} rounds")
    print("| query | DuckDB s | rollup s | ratio | raw s | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, label in (("", "5 steps, per session"), (" split", "same, by device")):
        if "duckdb" + name not in times:
            continue
        duck = median(times["duckdb" + name])
        mine = median(times["rollup" + name])
        row = f"| {label} | {duck:.2f} | {mine:.2f} | {mine / duck:.1f} |"
        if "raw" + name in times:
            slow = median(times["raw" + name])
            row += f" {slow:.2f} | {slow / duck:.1f} |"
        else:
            row += " not run | — |"
        print(row)


if __name__ == "__main__":
    main()
