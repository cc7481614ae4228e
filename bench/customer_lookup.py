"""The agent's lookup by phone among many customers, next to a primary-key fetch.

Fills a fresh installation with N customers (default 1,000,000), each with
an Estonian mobile number and an e-mail, by plain SQL; then, in the same
process and run, times (a) `Customer` fetched by primary key (baseline),
(b) `selectors.customer_find` by phone written as people say it
("5123 4567", read through phonenumbers), and (c) the whole 360 view of the
found customer. Uses DATABASE_URL when set (run it under
scripts/with-postgres.sh for PostgreSQL), else SQLite.

    .venv/bin/python bench/customer_lookup.py [--customers 1000000]
"""

import argparse
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _common import bench_env, django_setup, machine

SAMPLES = 2000
CHUNK = 20_000


def fill(count: int) -> int:
    """N customers with a phone and an e-mail identity; returns the workspace id."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cxloop.accounts import services as accounts

    workspace = accounts.workspace_create(slug="bench", name="Bench")
    now = timezone.now()
    customer_sql = (
        "INSERT INTO customers_customer (id, workspace_id, first_name, last_name,"
        " locale, timezone, preferred_channel, preferences, attributes,"
        " created_at, updated_at) VALUES (%s, %s, %s, '', 'et', '', '', '{}', '{}',"
        " %s, %s)"
    )
    identity_sql = (
        "INSERT INTO customers_identity (workspace_id, customer_id, kind, value, raw,"
        " verified, problem, source, created_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, '', 'bench', %s)"
    )
    for start in range(1, count + 1, CHUNK):
        numbers = range(start, min(start + CHUNK, count + 1))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                customer_sql,
                [(n, workspace.pk, f"Klient {n}", now, now) for n in numbers],
            )
            cursor.executemany(
                identity_sql,
                [
                    row
                    for n in numbers
                    for row in (
                        (workspace.pk, n, "phone", phone(n), phone(n), True, now),
                        (workspace.pk, n, "email", email(n), email(n), True, now),
                    )
                ],
            )
        sys.stderr.write(f"\r{min(start + CHUNK - 1, count)} customers")
    sys.stderr.write("\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('customers_customer_id_seq', %s)", [count])
            cursor.execute("ANALYZE")
    return int(workspace.pk)


def phone(n: int) -> str:
    return f"+3725{n:07d}"


def email(n: int) -> str:
    return f"klient{n}@example.ee"


def spoken(n: int) -> str:
    """How a caller says the number: local, in two groups of four."""
    digits = f"5{n:07d}"
    return f"{digits[:4]} {digits[4:]}"


def timed(call: Callable[[int], object], numbers: list[int]) -> list[float]:
    times = []
    for n in numbers:
        began = time.perf_counter()
        call(n)
        times.append((time.perf_counter() - began) * 1000)
    return times


def quantiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100)
    return cuts[49], cuts[98]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    args = parser.parse_args()
    env = bench_env()
    django_setup(env)
    from django.core.management import call_command
    from django.db import connection

    from cxloop.accounts.models import Workspace
    from cxloop.customers import selectors
    from cxloop.customers.models import Customer

    call_command("migrate", verbosity=0)
    began = time.monotonic()
    fill(args.customers)
    filled = time.monotonic() - began
    workspace = Workspace.objects.get(slug="bench")
    rng = random.Random(7)  # noqa: S311 - sampling, not security
    # Distinct numbers for warming up and measuring: phone reading is cached
    # per spelling, and an agent rarely looks up the same caller twice.
    numbers = rng.sample(range(1, args.customers + 1), SAMPLES + 200)
    warm_up, sample = numbers[:200], numbers[200:]

    def by_pk(n: int) -> object:
        return Customer.objects.of(workspace).get(pk=n)

    def by_phone(n: int) -> object:
        found = selectors.customer_find(
            workspace=workspace, kind="phone", raw=spoken(n)
        )
        assert found is not None and found.pk == n  # noqa: S101 - a bench sanity check
        return found

    def whole_360(n: int) -> object:
        customer = selectors.customer_lookup(workspace=workspace, phone=spoken(n))
        return selectors.customer_360(workspace=workspace, customer=customer)

    # Warm both paths (caches, prepared plans), then measure interleaved
    # rounds so that a busy machine slows all figures alike.
    for call in (by_pk, by_phone, whole_360):
        timed(call, warm_up)
    results: dict[str, list[float]] = {"pk": [], "phone": [], "360": []}
    for start in range(0, SAMPLES, 200):
        part = sample[start : start + 200]
        results["pk"] += timed(by_pk, part)
        results["phone"] += timed(by_phone, part)
        results["360"] += timed(whole_360, part)
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    shutil.rmtree(Path(env["CXLOOP_DATA_DIR"]), ignore_errors=True)
    pk50, pk99 = quantiles(results["pk"])
    print(f"machine: {machine()}; database: {database}")
    print(f"{args.customers} customers (2 identities each), filled in {filled:.0f} s")
    print(f"{SAMPLES} lookups of random customers, interleaved")
    print("| figure | p50 ms | p99 ms | p50 ratio to pk fetch |")
    print("| --- | --- | --- | --- |")
    print(f"| baseline: `Customer` by primary key | {pk50:.3f} | {pk99:.3f} | 1.00 |")
    for key, label in (
        ("phone", "`customer_find` by phone `5123 4567` (phonenumbers + index)"),
        ("360", "whole 360 view found by phone (profile, orders, feedback…)"),
    ):
        p50, p99 = quantiles(results[key])
        print(f"| {label} | {p50:.3f} | {p99:.3f} | {p50 / pk50:.2f} |")


if __name__ == "__main__":
    main()
