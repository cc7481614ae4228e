"""Events/s through `POST /api/v1/events` next to the raw insert rate.

Serves `cxloop serve --no-worker` (gunicorn, as in production) on loopback,
posts batches of 500 events from two client threads, then measures the raw
bulk-insert rate of rows of the same shape into the same database with plain
SQL `executemany` (baseline), in the same run. Uses DATABASE_URL when set
(run it under scripts/with-postgres.sh for PostgreSQL), else SQLite.

    .venv/bin/python bench/ingest.py [--events 50000]
    bash scripts/with-postgres.sh .venv/bin/python bench/ingest.py
"""

import argparse
import http.client
import shutil
import subprocess
import sys
import threading
import time

import orjson
from _common import (
    bench_env,
    bench_installation,
    data_dir,
    free_port,
    machine,
    start,
    stop,
    wait_for,
)

BATCH = 500
RAW_INSERT = r"""
import os, sys, time, uuid, json
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxloop.settings")
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from cxloop.accounts.models import Workspace
count = int(sys.argv[1])
workspace = Workspace.objects.get(slug="bench")
now = timezone.now()
rows = [
    (workspace.pk, f"raw-{n}", "search", "site_search", "{}", f"anon-{n % 997}", "",
     json.dumps({"query": "kohvimasin", "results": n % 40}), now, now, uuid.uuid4().hex)
    for n in range(count)
]
sql = (
    "INSERT INTO journeys_event (workspace_id, event_id, type, touchpoint,"
    " customer_ref,"
    " anonymous_id, session_id, properties, occurred_at, received_at, ingest_batch)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
began = time.monotonic()
for start in range(0, count, 500):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows[start:start + 500])
print(count / (time.monotonic() - began))
"""


# --identified: every event also names its customer by e-mail (997 people),
# so ingestion resolves profiles (creating each once) on the way in.
IDENTIFIED = "--identified" in sys.argv


def event_batch(offset: int) -> bytes:
    events = [
        {
            "event_id": f"api-{offset + n}",
            "type": "search",
            "touchpoint": "site_search",
            "anonymous_id": f"anon-{(offset + n) % 997}",
            "properties": {"query": "kohvimasin", "results": (offset + n) % 40},
        }
        for n in range(BATCH)
    ]
    if IDENTIFIED:
        for n, item in enumerate(events):
            item["customer"] = {"email": f"person{(offset + n) % 997}@example.ee"}
    return orjson.dumps({"events": events})


def post_batches(port: int, key: str, offsets: list[int], errors: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    for offset in offsets:
        connection.request(
            "POST", "/api/v1/events", body=event_batch(offset), headers=headers
        )
        response = connection.getresponse()
        body = response.read()
        if response.status != 202:
            errors.append(f"{response.status} {body[:200]!r}")
    connection.close()


def api_rate(port: int, key: str, count: int) -> float:
    offsets = list(range(0, count, BATCH))
    halves = [offsets[0::2], offsets[1::2]]
    errors: list[str] = []
    threads = [
        threading.Thread(target=post_batches, args=(port, key, half, errors))
        for half in halves
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    if errors:
        raise RuntimeError(errors[:3])
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--identified", action="store_true")
    args = parser.parse_args()
    env = bench_env()
    key = bench_installation(env)
    port = free_port()
    server = start(["serve", "--no-worker", "--workers", "2", "--port", str(port)], env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        api = api_rate(port, key, args.events)
    finally:
        stop(server)
    raw_out = subprocess.run(
        [sys.executable, "-c", RAW_INSERT, str(args.events)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    raw = float(raw_out.stdout.strip().splitlines()[-1])
    shutil.rmtree(data_dir(env))
    database = (
        "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    print(f"machine: {machine()}; database: {database}")
    print(f"{args.events} events in batches of {BATCH}")
    print("| figure | events/s | ratio to raw insert |")
    print("| --- | --- | --- |")
    print(f"| baseline: raw `executemany`, 500 per commit | {raw:.0f} | 1.00 |")
    figure = "`POST /api/v1/events`, 2 clients, 2 gunicorn workers"
    if args.identified:
        figure += ", each event naming one of 997 customers by e-mail"
    print(f"| {figure} | {api:.0f} | {api / raw:.2f} |")


if __name__ == "__main__":
    main()
