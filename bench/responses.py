"""Single survey responses/s and latency at 32 concurrent clients.

Serves `cxloop serve --no-worker` (gunicorn, as in production) on loopback and
keeps 32 client connections busy (2 processes × 16 threads, keep-alive),
each posting one response at a time to `POST /api/v1/responses` (a public
key, as the widget does; a new `response_id` each time). The baseline, in the
same run and against the same server, is the same load on `GET /healthz`, a
view that reads one row: the ratio shows what storing a response costs over
the web stack itself. Rate limits are switched off for the run (they would
stop one address posting thousands a second, which is their job).

    .venv/bin/python bench/responses.py [--seconds 20]
    bash scripts/with-postgres.sh .venv/bin/python bench/responses.py
"""

import argparse
import http.client
import multiprocessing
import os
import shutil
import threading
import time
import uuid

import orjson
from _common import data_dir, free_port, fresh_env, machine, run, start, stop, wait_for

CLIENTS_PER_PROCESS = 16
PROCESSES = 2


def response_body() -> bytes:
    return orjson.dumps(
        {
            "response_id": str(uuid.uuid4()),
            "survey": "feedback",
            "channel": "widget",
            "locale": "et",
            "answers": {"rating": 4, "text": "Kiire tarne, aitäh!"},
        }
    )


def client(port: int, key: str, path: str, until: float, out: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    posting = path == "/api/v1/responses"
    while time.monotonic() < until:
        began = time.perf_counter()
        if posting:
            connection.request("POST", path, body=response_body(), headers=headers)
        else:
            connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status not in (200, 201):
            raise RuntimeError(f"{path}: {response.status}")
        out.append(time.perf_counter() - began)
    connection.close()


def process_load(args: tuple[int, str, str, float]) -> list[float]:
    port, key, path, until = args
    latencies: list[float] = []
    threads = [
        threading.Thread(target=client, args=(port, key, path, until, latencies))
        for _ in range(CLIENTS_PER_PROCESS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def load(port: int, key: str, path: str, seconds: float) -> tuple[float, float, float]:
    """Requests/s, p50 and p99 in milliseconds."""
    began = time.monotonic()
    until = began + seconds
    with multiprocessing.Pool(PROCESSES) as pool:
        parts = pool.map(process_load, [(port, key, path, until)] * PROCESSES)
    elapsed = time.monotonic() - began
    latencies = sorted(latency for part in parts for latency in part)
    count = len(latencies)
    p50 = latencies[count // 2] * 1000
    p99 = latencies[min(count - 1, int(count * 0.99))] * 1000
    return count / elapsed, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    env = fresh_env()
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["CXLOOP_RATE_LIMIT_PER_KEY"] = "0"
    env["CXLOOP_RATE_LIMIT_PER_IP"] = "0"
    run(["migrate", "--quiet"], env)
    run(["workspace", "create", "bench"], env)
    key = run(
        ["apikey", "create", "--workspace", "bench", "--kind", "public"], env
    ).strip()
    port = free_port()
    server = start(
        [
            "serve",
            "--no-worker",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--port",
            str(port),
        ],
        env,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        load(port, key, "/healthz", 2)  # warm up both paths
        load(port, key, "/api/v1/responses", 2)
        baseline = load(port, key, "/healthz", args.seconds)
        responses = load(port, key, "/api/v1/responses", args.seconds)
    finally:
        stop(server)
    shutil.rmtree(data_dir(env))
    database = (
        "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    print(f"machine: {machine()}; database: {database}")
    print(
        f"{PROCESSES * CLIENTS_PER_PROCESS} clients, {args.seconds:.0f} s each; "
        f"gunicorn {args.workers} workers × {args.threads} threads"
    )
    print("| figure | requests/s | p50 ms | p99 ms | ratio to baseline |")
    print("| --- | --- | --- | --- | --- |")
    rate, p50, p99 = baseline
    print(f"| baseline: `GET /healthz` | {rate:.0f} | {p50:.1f} | {p99:.1f} | 1.00 |")
    r_rate, r50, r99 = responses
    print(
        f"| `POST /api/v1/responses` (public key) | {r_rate:.0f} | {r50:.1f} "
        f"| {r99:.1f} | {r_rate / rate:.2f} |"
    )


if __name__ == "__main__":
    main()
