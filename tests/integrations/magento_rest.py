"""A local stand-in for Magento 2's `GET /rest/V1/orders`, served in a thread.

It answers as Magento's REST API documents it and no more: an integration's
access token as `Authorization: Bearer` (401 "The consumer isn't authorized
to access %resources." otherwise); a `searchCriteria` is required and every
query parameter must be one of its documented keys (`filter_groups`,
`sortOrders`, `pageSize`, `currentPage`), each checked for its type (400
otherwise); the filter's `condition_type` one of Magento's; `updated_at`
compared as Magento's `Y-m-d H:i:s` UTC text; the answer
`{"items", "search_criteria", "total_count"}`, and, as Magento does, a
`currentPage` past the last page answered with the last page again. Every
request is recorded so tests can see what cxloop asked for.
"""

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

TOKEN = "k4j2m9x0q8w7e6r5t4y3u2i1o0p9a8s7"
PATH = re.compile(r"^/rest(/[a-z0-9_]+)?/V1/orders$")
CRITERIA = re.compile(
    r"^searchCriteria\["
    r"(?:filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type)"
    r"|sortOrders\]\[(\d+)\]\[(field|direction)"
    r"|pageSize|currentPage)\]$"
)
CONDITIONS = {
    "eq", "finset", "from", "gt", "gteq", "in", "like", "lt", "lteq", "moreq",
    "neq", "nfinset", "nin", "nlike", "notnull", "null", "to",
}  # fmt: skip
MAGENTO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


@dataclass
class FakeMagento:
    orders: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    url: str = ""


def _bad(message: str) -> tuple[int, dict[str, Any]]:
    return 400, {"message": message}


def _answer(
    shop: FakeMagento, path: str, query: list[tuple[str, str]], auth: str
) -> tuple[int, Any]:
    if not PATH.match(path):
        return 404, {"message": "Request does not match any route."}
    if auth != f"Bearer {TOKEN}":
        return 401, {
            "message": "The consumer isn't authorized to access %resources.",
            "parameters": {"resources": "Magento_Sales::actions_view"},
        }
    if not query:
        return _bad('"searchCriteria" is required. Enter and try again.')
    filters: dict[tuple[str, str], dict[str, str]] = {}
    sort: dict[str, dict[str, str]] = {}
    size, page = 0, 1
    for name, value in query:
        match = CRITERIA.match(name)
        if match is None:
            return _bad(f'"{name}" is not a known search criterion.')
        group, index, part, order, sort_part = match.groups()
        if part:
            filters.setdefault((group, index), {})[part] = value
        elif sort_part:
            sort.setdefault(order, {})[sort_part] = value
        elif not value.isdigit():
            return _bad(f'The "{value}" value\'s type is invalid.')
        elif name.endswith("[pageSize]"):
            size = int(value)
        else:
            page = max(int(value), 1)
    orders = list(shop.orders)
    for condition in filters.values():
        if condition.get("condition_type", "eq") not in CONDITIONS:
            return _bad("Invalid condition type.")
        if condition.get("field") != "updated_at":
            return _bad("This stand-in filters on updated_at only.")
        value = condition.get("value", "")
        if not MAGENTO_TIME.match(value):
            return _bad(f'"{value}" is not a Magento date and time.')
        compare = {
            "gteq": lambda o, v=value: o["updated_at"] >= v,
            "gt": lambda o, v=value: o["updated_at"] > v,
            "from": lambda o, v=value: o["updated_at"] >= v,
        }.get(condition.get("condition_type", "eq"))
        if compare is None:
            return _bad("This stand-in compares updated_at with gteq, gt or from.")
        orders = [o for o in orders if compare(o)]
    for rule in sort.values():
        if rule.get("direction", "ASC").upper() not in {"ASC", "DESC"}:
            return _bad("Invalid sort direction.")
        by = rule.get("field", "")
        orders.sort(
            key=lambda o: (str(o.get(by)), o["entity_id"]),
            reverse=rule.get("direction", "ASC").upper() == "DESC",
        )
    total = len(orders)
    if size:
        # Magento clamps a page past the last to the last one.
        last = max((total + size - 1) // size, 1)
        page = min(page, last)
        listed = orders[(page - 1) * size : page * size]
    else:
        listed = orders
    criteria = {"filter_groups": [], "page_size": size or None, "current_page": page}
    return 200, {"items": listed, "search_criteria": criteria, "total_count": total}


@pytest.fixture
def fake_magento() -> Iterator[FakeMagento]:
    shop = FakeMagento()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qsl(parts.query, keep_blank_values=True)
            shop.requests.append(
                {
                    "path": parts.path,
                    "authorization": self.headers.get("Authorization", ""),
                    **dict(query),
                }
            )
            status, body = _answer(
                shop, parts.path, query, self.headers.get("Authorization", "")
            )
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    shop.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield shop
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
