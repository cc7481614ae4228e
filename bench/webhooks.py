"""Signed webhook deliveries per second per worker process, next to plain POSTs.

One process sets up cxloop on a fresh data directory (SQLite, or PostgreSQL
with DATABASE_URL), creates one endpoint pointing at a local receiver (a
separate process answering 200 on loopback), and writes N events through
`message_enqueue`, each in its own transaction as an app would. Then, in
this same process:

- baseline: N plain `http.client` POSTs of the same body to the receiver,
  one connection each, just before and just after the worker's run;
- measured: django-tasks-db's worker loop (what `cxloop worker` runs) until
  every delivery is sent: the drain task the burst asked for claims due
  deliveries in batches, checks SSRF, signs (Standard Webhooks), POSTs and
  records each response and attempt;
- and the same deliveries sent by calling `services.delivery_send` one by
  one, without the task queue (what a task per event did, minus the queue).

With --keep-alive the receiver speaks HTTP/1.1 and keeps connections open,
and the baseline then sends every POST over one connection too.

Target (issue 13): at least half the plain rate.

    cd bench && ../.venv/bin/python webhooks.py [--events 1000] [--rounds 3]
"""

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from _common import free_port, machine

RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = sys.argv[2]
    # Headers and body leave in two writes; with Nagle on, a kept-alive
    # connection would wait for the client's delayed ACK (40 ms) each time.
    disable_nagle_algorithm = True
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("POST", "/", body=b"{}")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the receiver did not start")


def _plain_posts(port: int, body: bytes, count: int, *, keep_alive: bool) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    for _ in range(count):
        connection.request(
            "POST", "/hooks", body=body, headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        if not keep_alive:
            connection.close()
        if response.status != 200:
            raise SystemExit(f"the receiver answered {response.status}")
    connection.close()
    return count / (time.perf_counter() - started)


def _direct_rate(workspace: Any, count: int) -> float:
    """The same deliveries sent by calling the service, without the task queue."""
    from django.db import connection, transaction

    from cxloop.delivery import services
    from cxloop.delivery.models import Delivery

    for number in range(count):
        with transaction.atomic():
            services.message_enqueue(
                workspace=workspace,
                event_type="response.created",
                payload={"id": number, "survey": "nps", "nps": 9},
            )
            connection.run_on_commit.clear()  # no task: sent below
    pending = list(
        Delivery.objects.filter(status="pending").values_list("pk", flat=True)
    )
    started = time.perf_counter()
    for pk in pending:
        services.delivery_send(delivery_id=pk)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-alive", action="store_true")
    args = parser.parse_args()

    os.environ["CXLOOP_DATA_DIR"] = tempfile.mkdtemp(prefix="cxloop-bench-")
    os.environ["CXLOOP_WEBHOOK_ALLOW_PRIVATE"] = "true"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cxloop.settings"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from cxloop.accounts import services as accounts
    from cxloop.delivery import services
    from cxloop.delivery.models import Delivery, Message

    call_command("migrate", verbosity=0)
    port = free_port()
    protocol = "HTTP/1.1" if args.keep_alive else "HTTP/1.0"
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port), protocol])
    try:
        _wait_listening(port)
        workspace = accounts.workspace_create(slug="bench", name="Bench")
        services.endpoint_create(
            workspace=workspace, url=f"http://127.0.0.1:{port}/hooks"
        )
        print(f"machine: {machine()}")
        print(f"database: {django.db.connection.vendor}")  # type: ignore[attr-defined]
        print(f"receiver: {protocol}")
        print(
            "| round | plain POSTs/s (before, after) | deliveries/s (worker) | ratio "
            "| tasks | deliveries/s (one by one, no task queue) | ratio |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for round_number in range(1, args.rounds + 1):
            tasks_before = DBTaskResult.objects.count()
            for number in range(args.events):
                with transaction.atomic():
                    services.message_enqueue(
                        workspace=workspace,
                        event_type="response.created",
                        payload={"id": number, "survey": "nps", "nps": 9},
                    )
            tasks = DBTaskResult.objects.count() - tasks_before
            body = Message.objects.order_by("-pk").values_list("body", flat=True)[0]
            before = _plain_posts(
                port, body.encode(), args.events, keep_alive=args.keep_alive
            )
            worker = Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=f"bench-{round_number}",
                excluded_queue_names=[],
            )
            succeeded = Delivery.objects.filter(status="succeeded").count()
            started = time.perf_counter()
            worker.run()
            elapsed = time.perf_counter() - started
            after = _plain_posts(
                port, body.encode(), args.events, keep_alive=args.keep_alive
            )
            # The machine's speed drifts (shared cores): the baseline is the
            # mean of a run just before and one just after the worker's.
            plain = (before + after) / 2
            sent = Delivery.objects.filter(status="succeeded").count() - succeeded
            pending = Delivery.objects.exclude(status="succeeded").count()
            if pending:
                raise SystemExit(f"{pending} deliveries not sent")
            rate = args.events / elapsed
            if sent != args.events:
                raise SystemExit(f"{sent} deliveries sent, not {args.events}")
            direct = _direct_rate(workspace, args.events)
            print(
                f"| {round_number} | {plain:.0f} ({before:.0f}, {after:.0f}) "
                f"| {rate:.0f} | {rate / plain:.2f} "
                f"| {tasks} | {direct:.0f} | {direct / plain:.2f} |"
            )
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


if __name__ == "__main__":
    main()
