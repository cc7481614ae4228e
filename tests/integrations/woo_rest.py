"""A local stand-in for WooCommerce's REST API orders list, served in a thread.

It answers `GET /wp-json/wc/v3/orders` as WooCommerce documents it and no
more: the consumer key and secret by HTTP basic auth (401
`woocommerce_rest_cannot_view` otherwise), only the list's documented query
parameters, each checked against its documented type and enum (400
`rest_invalid_param` otherwise; `per_page` 1–100), `modified_after` with
`dates_are_gmt` against each order's `date_modified_gmt`, ordered by
`orderby`/`order`, paged with `X-WP-Total` and `X-WP-TotalPages`. Every
request is recorded so tests can see what cxloop asked for.
"""

import base64
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

KEY = "ck_0123456789abcdef0123456789abcdef01234567"
SECRET = "cs_fedcba9876543210fedcba9876543210fedcba98"

# GET /wc/v3/orders collection parameters (WC_REST_Orders_Controller).
PARAMETERS = {
    "context", "page", "per_page", "search", "after", "before", "modified_after",
    "modified_before", "dates_are_gmt", "exclude", "include", "offset", "order",
    "orderby", "parent", "parent_exclude", "status", "customer", "product", "dp",
}  # fmt: skip
ORDERBY = {"date", "modified", "id", "include", "title", "slug"}
DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"
)


@dataclass
class FakeShop:
    orders: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    url: str = ""
    # Called after each answer: the shop's orders changing while cxloop reads.
    after_answer: Callable[["FakeShop"], None] | None = None


def _invalid(name: str) -> tuple[int, dict[str, Any]]:
    return 400, {
        "code": "rest_invalid_param",
        "message": f"Invalid parameter(s): {name}",
        "data": {"status": 400, "params": {name: "invalid"}},
    }


def _answer(
    shop: FakeShop, path: str, query: dict[str, str], auth: str
) -> tuple[int, Any, dict[str, str]]:
    if path.rstrip("/") != "/wp-json/wc/v3/orders":
        return 404, {"code": "rest_no_route", "data": {"status": 404}}, {}
    expected = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    if auth != expected:
        body = {
            "code": "woocommerce_rest_cannot_view",
            "message": "Sorry, you cannot list resources.",
            "data": {"status": 401},
        }
        return 401, body, {}
    for name, value in query.items():
        if name not in PARAMETERS:
            return (*_invalid(name), {})
        if name in {"after", "before", "modified_after", "modified_before"} and (
            not DATE_TIME.match(value)
        ):
            return (*_invalid(name), {})
    if query.get("dates_are_gmt", "false") not in {"true", "false", "1", "0"}:
        return (*_invalid("dates_are_gmt"), {})
    if query.get("orderby", "date") not in ORDERBY:
        return (*_invalid("orderby"), {})
    if query.get("order", "desc") not in {"asc", "desc"}:
        return (*_invalid("order"), {})
    try:
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "10"))
    except ValueError:
        return (*_invalid("page"), {})
    if not 1 <= per_page <= 100:
        return (*_invalid("per_page"), {})
    if page < 1:
        return (*_invalid("page"), {})
    orders = list(shop.orders)
    if "modified_after" in query:
        # The test orders' local and GMT times are the same; only GMT is read.
        after = query["modified_after"][:19]
        orders = [o for o in orders if o["date_modified_gmt"] > after]
    key = {"modified": "date_modified_gmt", "date": "date_created_gmt", "id": "id"}
    sort_field = key.get(query.get("orderby", "date"), "date_created_gmt")
    orders.sort(
        key=lambda o: (o[sort_field], o["id"]), reverse=query.get("order") != "asc"
    )
    total = len(orders)
    pages = (total + per_page - 1) // per_page
    listed = orders[(page - 1) * per_page : page * per_page]
    return 200, listed, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}


@pytest.fixture
def fake_shop() -> Iterator[FakeShop]:
    shop = FakeShop()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            shop.requests.append({"path": parts.path, **query})
            status, body, headers = _answer(
                shop, parts.path, query, self.headers.get("Authorization", "")
            )
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            if shop.after_answer is not None:
                shop.after_answer(shop)

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
