"""Cost of API-key authentication per request, over keep-alive HTTP.

Serves one `cxloop serve --no-worker --workers 1` on loopback and sends the
same number of sequential requests to `GET /healthz` (baseline: one SQL
query, no auth) and to `GET /api/v1/workspace` with a secret key (digest
lookup, tenancy, JSON). Prints requests/s of each and the ratio.

    .venv/bin/python bench/api_auth.py [--requests 2000]
"""

import argparse
import http.client
import shutil
import time

from _common import (
    bench_installation,
    data_dir,
    free_port,
    fresh_env,
    machine,
    start,
    stop,
    wait_for,
)


def rate(port: int, path: str, headers: dict[str, str], count: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(50):  # warm-up
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
    began = time.monotonic()
    for _ in range(count):
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status  # noqa: S101
    elapsed = time.monotonic() - began
    connection.close()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = fresh_env()
    key = bench_installation(env)
    port = free_port()
    server = start(["serve", "--no-worker", "--workers", "1", "--port", str(port)], env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        rows = []
        for _ in range(args.rounds):
            base = rate(port, "/healthz", {}, args.requests)
            api = rate(
                port,
                "/api/v1/workspace",
                {"Authorization": f"Bearer {key}"},
                args.requests,
            )
            rows.append((base, api))
    finally:
        stop(server)
        shutil.rmtree(data_dir(env))
    print(f"machine: {machine()}; {args.requests} requests x {args.rounds} rounds")
    print("| round | baseline `/healthz` req/s | `/api/v1/workspace` req/s | ratio |")
    print("| --- | --- | --- | --- |")
    for number, (base, api) in enumerate(rows, 1):
        print(f"| {number} | {base:.0f} | {api:.0f} | {api / base:.2f} |")


if __name__ == "__main__":
    main()
