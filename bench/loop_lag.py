"""How long a detractor waits for someone to own it: POST → case → webhook.

Serves `cxloop serve` with its embedded worker on loopback, adds a webhook
endpoint for `case.opened` pointing at a receiver in this process, and posts
CSAT-1 delivery responses one at a time at a steady pace through
`POST /api/v1/responses`. The default rule (a CSAT of 2 or less opens a case
for the touchpoint's owner) opens a case, whose `case.opened` webhook the
receiver verifies with the `standardwebhooks` library. The lag is the time
from the POST's answer to the verified webhook's arrival. Baseline in the
same run: a `webhook.test` event sent from the API to the same receiver (the
outbox and worker alone, no rule).

Issue 13's target is p95 ≤ 2 s (PostHog's ingestion lag target is 30 s).

    cd bench && ../.venv/bin/python loop_lag.py [--responses 40] [--every 0.5]
    bash scripts/with-postgres.sh \
        bash -c "cd bench && ../.venv/bin/python loop_lag.py"
"""

import argparse
import http.client
import shutil
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson
from _common import (
    bench_env,
    bench_installation,
    data_dir,
    free_port,
    machine,
    median,
    start,
    stop,
    wait_for,
)
from standardwebhooks import Webhook


class Api:
    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
        }

    def call(self, method: str, path: str, body: Any = None) -> Any:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        data = orjson.dumps(body) if body is not None else None
        connection.request(method, path, body=data, headers=self.headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
        return orjson.loads(payload) if payload else None


class Receiver:
    """Verifies each delivery and notes when it arrived, by its data."""

    def __init__(self) -> None:
        self.secret = ""
        self.arrived: dict[Any, float] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                at = time.monotonic()
                event = Webhook(receiver.secret).verify(body, dict(self.headers))
                data = event["data"]
                key = data.get("response_id") or data.get("endpoint_id")
                with receiver.lock:
                    receiver.arrived.setdefault((event["type"], key), at)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, key: Any, deadline: float) -> float:
        while time.monotonic() < deadline:
            with self.lock:
                if key in self.arrived:
                    return self.arrived[key]
            time.sleep(0.005)
        raise TimeoutError(key)


def setup(api: Api, receiver: Receiver) -> int:
    api.call(
        "POST",
        "/api/v1/surveys",
        {"key": "delivery-csat", "template": "delivery_csat", "status": "active"},
    )
    created = api.call(
        "POST",
        "/api/v1/webhook-endpoints",
        {"url": receiver.url, "event_types": ["case.opened", "webhook.test"]},
    )
    receiver.secret = created["secret"]
    return int(created["id"])


def detractor(api: Api) -> str:
    response_id = str(uuid.uuid4())
    api.call(
        "POST",
        "/api/v1/responses",
        {
            "response_id": response_id,
            "survey": "delivery-csat",
            "channel": "api",
            "customer": {"email": f"{uuid.uuid4().hex[:12]}@example.ee"},
            "answers": {"csat": 1},
        },
    )
    return response_id


def measure(
    api: Api, receiver: Receiver, endpoint_id: int, count: int, every: float
) -> tuple[list[float], list[float]]:
    """(test event lags, detractor → case.opened lags) in seconds."""
    tests, loops = [], []
    for number in range(count):
        started = time.monotonic()
        api.call("POST", f"/api/v1/webhook-endpoints/{endpoint_id}/test")
        answered = time.monotonic()
        arrived = receiver.wait(("webhook.test", endpoint_id), answered + 60)
        with receiver.lock:
            receiver.arrived.pop(("webhook.test", endpoint_id))
        tests.append(arrived - answered)
        response_id = detractor(api)
        answered = time.monotonic()
        arrived = receiver.wait(("case.opened", response_id), answered + 60)
        loops.append(arrived - answered)
        time.sleep(max(0.0, started + every - time.monotonic()))
        if number == 0:
            tests.clear()  # the first of each warms the worker up
            loops.clear()
    return tests, loops


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=40)
    parser.add_argument("--every", type=float, default=0.5)
    args = parser.parse_args()
    env = bench_env()
    env["CXLOOP_WEBHOOK_ALLOW_PRIVATE"] = "1"  # the receiver is on loopback
    key = bench_installation(env)
    port = free_port()
    receiver = Receiver()
    server = start(["serve", "--port", str(port)], env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        api = Api(port, key)
        endpoint_id = setup(api, receiver)
        tests, loops = measure(
            api, receiver, endpoint_id, args.responses + 1, args.every
        )
    finally:
        stop(server)
    shutil.rmtree(data_dir(env))
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    print(f"machine: {machine()}; database: {database}")
    print(f"{args.responses} detractors, one every {args.every} s")
    print("| figure | p50 s | p95 s | max s | ratio (p50) |")
    print("| --- | --- | --- | --- | --- |")
    base = median(tests)
    for name, values in (
        ("baseline: test event → received", tests),
        ("detractor POST → case opened → case.opened received", loops),
    ):
        print(
            f"| {name} | {median(values):.2f} | {percentile(values, 0.95):.2f} "
            f"| {max(values):.2f} | {median(values) / base:.1f} |"
        )


if __name__ == "__main__":
    main()
