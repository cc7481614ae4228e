"""Signed webhook deliveries per second per worker process, next to plain POSTs.

One process sets up cxloop on a fresh data directory (SQLite, or PostgreSQL
with DATABASE_URL), creates one endpoint pointing at a local receiver (a
separate process answering 200 on loopback), and writes N events through
`message_enqueue`, each in its own transaction as an app would. Then, in
this same process:

- baseline: N plain `http.client` POSTs of the same body to the receiver,
  one connection each (as a delivery opens one);
- measured: django-tasks-db's worker loop (what `cxloop worker` runs) until
  every delivery is sent: claim, SSRF check, Standard Webhooks signature,
  POST, recording the response.

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
    protocol_version = "HTTP/1.0"
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


def _plain_posts(port: int, body: bytes, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        connection.request(
            "POST", "/hooks", body=body, headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"the receiver answered {response.status}")
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

    from cxloop.accounts import services as accounts
    from cxloop.delivery import services
    from cxloop.delivery.models import Delivery, Message

    call_command("migrate", verbosity=0)
    port = free_port()
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port)])
    try:
        _wait_listening(port)
        workspace = accounts.workspace_create(slug="bench", name="Bench")
        services.endpoint_create(
            workspace=workspace, url=f"http://127.0.0.1:{port}/hooks"
        )
        print(f"machine: {machine()}")
        print(f"database: {django.db.connection.vendor}")  # type: ignore[attr-defined]
        print(
            "| round | plain POSTs/s | deliveries/s (worker) | ratio "
            "| deliveries/s (no task queue) | ratio |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for round_number in range(1, args.rounds + 1):
            for number in range(args.events):
                with transaction.atomic():
                    services.message_enqueue(
                        workspace=workspace,
                        event_type="response.created",
                        payload={"id": number, "survey": "nps", "nps": 9},
                    )
            body = Message.objects.order_by("-pk").values_list("body", flat=True)[0]
            plain = _plain_posts(port, body.encode(), args.events)
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
            before = Delivery.objects.filter(status="succeeded").count()
            started = time.perf_counter()
            worker.run()
            elapsed = time.perf_counter() - started
            sent = Delivery.objects.filter(status="succeeded").count() - before
            pending = Delivery.objects.exclude(status="succeeded").count()
            if pending:
                raise SystemExit(f"{pending} deliveries not sent")
            rate = args.events / elapsed
            if sent != args.events:
                raise SystemExit(f"{sent} deliveries sent, not {args.events}")
            direct = _direct_rate(workspace, args.events)
            print(
                f"| {round_number} | {plain:.0f} | {rate:.0f} | {rate / plain:.2f} "
                f"| {direct:.0f} | {direct / plain:.2f} |"
            )
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


if __name__ == "__main__":
    main()
