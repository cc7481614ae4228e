"""`/demo/receiver`: the demo's own webhook receiver, to watch deliveries land.

The demo workspace has one webhook endpoint pointing here. A POST is checked
as any receiver would check it (the `standardwebhooks` library, with the
endpoint's secret) and kept in a small file of the data directory; a GET
lists the newest arrivals. It exists for the demo only: with no demo
endpoint pointing here, it answers 404.
"""

import fcntl
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from cxloop import demo
from cxloop.delivery.models import WebhookEndpoint

KEEP = 50
MAX_BODY = 64 * 1024
HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


def _log_path() -> Path:
    return Path(settings.DATA_DIR) / "demo-receiver.jsonl"


def _endpoint() -> WebhookEndpoint:
    endpoint = demo.receiver_endpoint()
    if endpoint is None:
        raise Http404("No demo webhook endpoint points here: run `cxloop demo`.")
    return endpoint


def _verified(endpoint: WebhookEndpoint, body: bytes, headers: dict[str, str]) -> bool:
    secrets = [endpoint.secret]
    if endpoint.previous_secret:
        secrets.append(endpoint.previous_secret)
    for secret in secrets:
        try:
            Webhook(secret).verify(body, headers)
        except WebhookVerificationError:
            continue
        return True
    return False


def _append(record: dict[str, Any]) -> None:
    """Add one arrival, keeping the newest KEEP (several processes may write)."""
    path = _log_path()
    with path.open("a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        lines = handle.read().splitlines()[-(KEEP - 1) :]
        lines.append(orjson.dumps(record))
        handle.seek(0)
        handle.truncate()
        handle.write(b"\n".join(lines) + b"\n")


def _arrivals() -> list[dict[str, Any]]:
    try:
        lines = _log_path().read_bytes().splitlines()
    except FileNotFoundError:
        return []
    arrivals = []
    for line in reversed(lines):
        try:
            arrivals.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return arrivals


def _received(request: HttpRequest, endpoint: WebhookEndpoint) -> HttpResponse:
    body = request.body
    if len(body) > MAX_BODY:
        return HttpResponse(status=413)
    headers = {name: request.headers.get(name, "") for name in HEADERS}
    verified = _verified(endpoint, body, headers)
    try:
        event = orjson.loads(body)
        pretty = orjson.dumps(event, option=orjson.OPT_INDENT_2).decode()
        event_type = str(event.get("type", "")) if isinstance(event, dict) else ""
    except orjson.JSONDecodeError:
        pretty, event_type = body.decode("utf-8", "replace"), ""
    _append(
        {
            "at": datetime.now(UTC).isoformat(),
            "webhook_id": headers["webhook-id"],
            "type": event_type,
            "verified": verified,
            "body": pretty,
        }
    )
    # A receiver that cannot verify a delivery refuses it, so the outbox
    # shows the failure and retries.
    return HttpResponse(status=204 if verified else 401)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def demo_receiver(request: HttpRequest) -> HttpResponse:
    endpoint = _endpoint()
    if request.method == "POST":
        return _received(request, endpoint)
    arrivals = _arrivals()
    for arrival in arrivals:
        arrival["at"] = datetime.fromisoformat(arrival["at"])
    return render(
        request,
        "web/demo/receiver.html",
        {"endpoint": endpoint, "arrivals": arrivals},
    )
