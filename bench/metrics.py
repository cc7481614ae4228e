"""NPS per touchpoint and week over millions of responses, next to DuckDB.

Fills a fresh installation with N survey responses (default 1,000,000)
over a year, at the 13 touchpoints of the standard journey, in 4 channels
and 3 languages, half of them from known customers (one for every 20
responses, with two orders each on average, so segments and order value
bands are real work). The fill uses each database's bulk path (COPY on
PostgreSQL, `executemany` in large transactions on SQLite); its rate is
the raw insert rate. Then, in the same run:

- the score rollup rebuilt by the worker's service
  (`insights.rollups.scores_rebuild`: every response queued, then rolled
  up batch by batch with its segment and order value band), in
  responses/s next to the raw insert rate;
- `insights.selectors.metric_grid(metric="nps", group_by="touchpoint",
  bucket="week")` over the whole year, as a page asks for it (the rollup
  plus the waiting changes; NPS, its interval and n per cell);
- the same over raw answers only (`from_rollup=False`), unless
  `--skip-raw`;
- the same responses exported to Parquet (through CSV, written by DuckDB
  itself) and DuckDB counting promoters, passives and detractors per
  touchpoint and local week (`timezone('Europe/Tallinn', …)`) on the
  Parquet file, then the same NPS and interval per cell in Python. All
  must give the same counts.

Uses DATABASE_URL when set (run it under scripts/with-postgres.sh for
PostgreSQL), else SQLite.

    .venv/bin/python bench/metrics.py [--responses 1000000] [--rounds 3]
        [--skip-raw]
"""

import argparse
import random
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import bench_env, csv_export, data_dir, django_setup, machine, median

START = datetime(2025, 12, 1, tzinfo=UTC)
DAYS = 365
ZONE = "Europe/Tallinn"
CHANNELS = ["link", "widget", "email", "email"]
LANGUAGES = ["et", "et", "en", "lv"]
CHUNK = 100_000


def responses(
    count: int, touchpoints: list[str], customers: list[int], seed: int = 14
) -> Iterator[tuple[Any, ...]]:
    """(n, touchpoint, channel, locale, customer id or None, seconds, nps, csat)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    # Each touchpoint leans its own way: some delight, some irritate.
    lean = {point: rng.uniform(-2.5, 1.5) for point in touchpoints}
    for n in range(count):
        point = rng.choice(touchpoints)
        score = round(min(10, max(0, rng.gauss(7.5 + lean[point], 2.2))))
        csat = round(min(5, max(1, rng.gauss(3.9 + lean[point] / 3, 0.9))))
        customer = rng.choice(customers) if rng.random() < 0.5 else None
        yield (
            n,
            point,
            rng.choice(CHANNELS),
            rng.choice(LANGUAGES),
            customer,
            rng.random() * DAYS * 86400,
            score,
            csat if rng.random() < 0.4 else None,
        )


def add_customers(workspace: Any, count: int) -> list[int]:
    """`count` customers with two orders each on average over the year."""
    from cxloop.customers.models import Customer, Order

    rng = random.Random(15)  # noqa: S311 - test data, not security
    ids: list[int] = []
    for start in range(0, count, 10_000):
        made = Customer.objects.bulk_create(
            [Customer(workspace=workspace) for _ in range(min(10_000, count - start))]
        )
        ids.extend(customer.pk for customer in made)
        Order.objects.bulk_create(
            [
                Order(
                    workspace=workspace,
                    customer_id=customer.pk,
                    source="bench",
                    external_id=f"{customer.pk}-{k}",
                    status="paid",
                    currency="EUR",
                    total=Decimal(rng.randint(5, 400)),
                    placed_at=START + timedelta(seconds=rng.random() * DAYS * 86400),
                )
                for customer in made
                for k in range(rng.randint(0, 4))
            ],
            batch_size=5_000,
        )
        sys.stderr.write(f"\r{len(ids)} customers")
    sys.stderr.write("\n")
    return ids


def _copy_line(
    workspace_id: int, survey_id: int, row: tuple[Any, ...], received: str
) -> str:
    n, point, channel, locale, customer, at, nps, csat = row
    null = "\\N"
    return (
        f"{workspace_id}\tr{n}\t{survey_id}\t{point}\t{channel}\t{locale}\t{{}}\t"
        f'{null if customer is None else customer}\t\t{{"nps": {nps}}}\t\t{nps}\t'
        f"{null if csat is None else csat}\t{{}}\t[]\ttrue\t\t"
        f"{(START + timedelta(seconds=at)).isoformat()}\t{received}\n"
    )


def fill(workspace_id: int, survey_id: int, rows: Iterator[tuple[Any, ...]]) -> int:
    """Store the responses through the database's bulk path; how many."""
    from django.db import connection, transaction

    received = datetime.now(UTC)
    stamp = received.isoformat()
    done = 0
    columns = (
        "workspace_id, response_id, survey_id, touchpoint, channel, locale,"
        " customer_ref, customer_id, anonymous_id, answers, comment, nps, csat,"
        " context, tags, is_complete, body_digest, submitted_at, received_at"
    )
    if connection.vendor == "postgresql":
        with transaction.atomic():
            raw = connection.connection  # psycopg's own, for COPY
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY surveys_response ({columns}) FROM STDIN") as copy,
            ):
                while True:
                    part = [
                        _copy_line(workspace_id, survey_id, row, stamp)
                        for _k, row in zip(range(CHUNK), rows, strict=False)
                    ]
                    if not part:
                        break
                    copy.write("".join(part))
                    done += len(part)
                    sys.stderr.write(f"\r{done} responses")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon: all tables
    else:
        sql = (
            f"INSERT INTO surveys_response ({columns}) VALUES"  # noqa: S608
            " (%s, %s, %s, %s, %s, %s, '{}', %s, '', %s, '', %s, %s, '{}', '[]',"
            " 1, '', %s, %s)"
        )
        stamp = received.strftime("%Y-%m-%d %H:%M:%S.%f")
        while True:
            part = [
                (
                    workspace_id,
                    f"r{n}",
                    survey_id,
                    point,
                    channel,
                    locale,
                    customer,
                    f'{{"nps": {nps}}}',
                    nps,
                    csat,
                    (START + timedelta(seconds=at)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                    stamp,
                )
                for _k, (n, point, channel, locale, customer, at, nps, csat) in zip(
                    range(CHUNK), rows, strict=False
                )
            ]
            if not part:
                break
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, part)
            done += len(part)
            sys.stderr.write(f"\r{done} responses")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    sys.stderr.write("\n")
    return done


def export_csv(workspace_id: int, path: Path) -> None:
    """The workspace's responses as CSV, streamed (then DuckDB writes Parquet)."""
    csv_export(
        table="surveys_response",
        columns=[
            "response_id",
            "touchpoint",
            "channel",
            "locale",
            "customer_id",
            "submitted_at",
            "nps",
            "csat",
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
            f"COPY (SELECT response_id, touchpoint, channel, locale,"  # noqa: S608
            f" CAST(customer_id AS BIGINT) AS customer_id,"
            f" CAST(submitted_at AS TIMESTAMPTZ) AS submitted_at,"
            f" CAST(nps AS TINYINT) AS nps, CAST(csat AS TINYINT) AS csat"
            f" FROM read_csv('{source}', header = true, all_varchar = true))"
            f" TO '{target}' (FORMAT parquet)"
        )


def duckdb_grid(parquet: Path, since: datetime, until: datetime) -> dict[Any, Any]:
    """NPS per touchpoint and local week from the Parquet file: counts in
    DuckDB, the same estimate per cell as cxloop's in Python."""
    import duckdb

    from cxloop import stats

    sql = (
        "SELECT touchpoint,"  # noqa: S608
        " date_trunc('week', timezone($zone, submitted_at)) AS week,"
        " count(*) FILTER (WHERE nps >= 9),"
        " count(*) FILTER (WHERE nps BETWEEN 7 AND 8),"
        " count(*) FILTER (WHERE nps <= 6)"
        f" FROM '{parquet}' WHERE nps IS NOT NULL"
        " AND submitted_at >= $since AND submitted_at < $until GROUP BY 1, 2"
    )
    with duckdb.connect() as db:
        db.execute("SET enable_progress_bar = false")
        rows = db.execute(
            sql, {"zone": ZONE, "since": since, "until": until}
        ).fetchall()
    return {
        (point, week.date()): stats.nps_estimate(promoters, passives, detractors)
        for point, week, promoters, passives, detractors in rows
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-raw", action="store_true", help="no raw grid")
    args = parser.parse_args()
    env = bench_env()
    django_setup(env)
    from django.core.management import call_command
    from django.db import connection

    from cxloop.accounts import services as accounts
    from cxloop.insights import rollups, selectors
    from cxloop.insights.metrics import MetricFilter
    from cxloop.journeys.models import Touchpoint
    from cxloop.surveys import services as surveys
    from cxloop.surveys.models import Survey

    call_command("migrate", verbosity=0)
    workspace = accounts.workspace_create(
        slug="bench", name="Bench", timezone_name=ZONE
    )
    survey = surveys.survey_create(
        workspace=workspace,
        key="bench",
        name="Bench",
        status=Survey.Status.ACTIVE,
        questions=[
            surveys.QuestionSpec(key=kind, type=kind, texts={"en": {"label": kind}})
            for kind in ("nps", "csat")
        ],
    )
    rollups.scores_catch_up(workspace=workspace)  # built (empty): reads use it
    points = list(Touchpoint.objects.of(workspace).values_list("key", flat=True))
    customers = add_customers(workspace, max(1, args.responses // 20))
    began = time.perf_counter()
    filled = fill(workspace.pk, survey.pk, responses(args.responses, points, customers))
    inserting = time.perf_counter() - began
    began = time.perf_counter()
    exported = data_dir(env) / "responses.csv"
    parquet = data_dir(env) / "responses.parquet"
    export_csv(workspace.pk, exported)
    to_parquet(exported, parquet)
    exporting = time.perf_counter() - began
    exported.unlink()
    began = time.perf_counter()
    rollups.scores_rebuild(workspace=workspace)
    rolling = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE insights_scoreday"
            if connection.vendor == "postgresql"
            else "ANALYZE"
        )
    first, last = START.date(), (START + timedelta(days=DAYS)).date()
    period = MetricFilter(since=first, until=last)
    ours = {"workspace": workspace, "metric": "nps", "filters": period}
    since = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(days=1)
    until = since + timedelta(days=DAYS + 3)
    plan: list[tuple[str, Any]] = [
        ("duckdb", lambda: duckdb_grid(parquet, since, until)),
        ("rollup", lambda: selectors.metric_grid(**ours)),
    ]
    if not args.skip_raw:
        plan.append(("raw", lambda: selectors.metric_grid(from_rollup=False, **ours)))
    times: dict[str, list[float]] = {}
    results: dict[str, Any] = {}
    for _round in range(args.rounds):
        for name, call in plan:
            began = time.perf_counter()
            results[name] = call()
            times.setdefault(name, []).append(time.perf_counter() - began)
            sys.stderr.write(f"{name}: {times[name][-1]:.3f} s\n")

    def cells(grid: Any) -> dict[tuple[str, date], Any]:
        return {
            (
                row.key,
                date.fromisocalendar(*map(int, c.key.replace("W", "").split("-")), 1),
            ): c.estimate
            for row in grid
            for c in row.cells
            if c.estimate.n
        }

    mine = cells(results["rollup"])
    same = mine == results["duckdb"]
    if "raw" in results:
        same = same and results["raw"] == results["rollup"]
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    size = parquet.stat().st_size / 2**20
    shutil.rmtree(data_dir(env), ignore_errors=True)
    print(f"machine: {machine()}; database: {database}")
    print(
        f"{filled:,} responses ({len(customers):,} customers) inserted in "
        f"{inserting:.0f} s ({filled / inserting:,.0f} responses/s); exported to "
        f"Parquet ({size:.0f} MiB) in {exporting:.0f} s"
    )
    print(
        f"rollup rebuilt in {rolling:.0f} s ({filled / rolling:,.0f} responses/s, "
        f"{inserting / rolling:.2f} of the raw insert rate)"
    )
    print(
        f"grid: {len(mine)} touchpoint × week cells; same figures (rollup, raw, "
        f"DuckDB): {same}"
    )
    print(f"median of {args.rounds} rounds")
    duck = median(times["duckdb"])
    rolled = median(times["rollup"])
    print("| query | DuckDB s | rollup s | ratio | raw s | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    row = (
        f"| NPS per touchpoint × week, 1 year | {duck:.3f} | {rolled:.3f} "
        f"| {rolled / duck:.2f} |"
    )
    if "raw" in times:
        raw = median(times["raw"])
        row += f" {raw:.2f} | {raw / duck:.1f} |"
    else:
        row += " not run | — |"
    print(row)


if __name__ == "__main__":
    main()
