"""A small client of WooCommerce's REST API (v3): the orders changed since a time.

Only what the catch-up sync needs: `GET /wp-json/wc/v3/orders` filtered by
`modified_after` (with `dates_are_gmt`, so the time is UTC), oldest change
first, a page at a time; `X-WP-Total` and `X-WP-TotalPages` say how much
there is. The consumer key and secret go as HTTP basic auth, which
WooCommerce accepts over HTTPS; they never appear in an error or a URL.
"""

import base64
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from cxloop import __version__

ORDERS_PATH = "/wp-json/wc/v3/orders"
PER_PAGE = 100  # the most WooCommerce returns in one page
TIMEOUT_SECONDS = 30
MAX_PAGE_BYTES = 32 * 1024 * 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class RestError(Exception):
    """The shop could not be read; the message is safe to show and store."""


@dataclass(frozen=True)
class OrdersPage:
    orders: list[dict[str, Any]]
    total: int
    total_pages: int


def address_is_allowed(url: str) -> bool:
    """HTTPS, or plain HTTP to this machine (a shop beside cxloop, tests):
    basic auth over plain HTTP elsewhere would give the key away."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Following a redirect would send the key to wherever it points.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def orders_modified_after(
    *, shop_url: str, key: str, secret: str, after: datetime, page: int
) -> OrdersPage:
    """One page of the orders changed after `after` (UTC), oldest first."""
    query = urlencode(
        {
            "modified_after": after.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "dates_are_gmt": "true",
            "orderby": "modified",
            "order": "asc",
            "per_page": PER_PAGE,
            "page": page,
        }
    )
    credentials = base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked)
        f"{shop_url.rstrip('/')}{ORDERS_PATH}?{query}",
        headers={
            "Authorization": f"Basic {credentials}",
            "Accept": "application/json",
            "User-Agent": f"cxloop/{__version__}",
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
            total = response.headers.get("X-WP-Total")
            total_pages = response.headers.get("X-WP-TotalPages")
    except urllib.error.HTTPError as error:
        raise RestError(_http_reason(error)) from error
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        raise RestError(f"the shop could not be reached ({reason})") from error
    if len(body) > MAX_PAGE_BYTES:
        raise RestError("the shop's answer is too large")
    try:
        orders = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise RestError("the shop's answer is not JSON") from error
    if not isinstance(orders, list) or not all(isinstance(o, dict) for o in orders):
        raise RestError("the shop's answer is not a list of orders")
    try:
        return OrdersPage(
            orders=orders,
            total=int(total) if total is not None else len(orders),
            total_pages=int(total_pages) if total_pages is not None else page,
        )
    except ValueError as error:
        raise RestError("the shop's X-WP-Total headers are not numbers") from error


def _http_reason(error: urllib.error.HTTPError) -> str:
    if error.code in {301, 302, 303, 307, 308}:
        return (
            f"the shop redirected to {error.headers.get('Location', '?')}; "
            "give that address instead"
        )
    code = ""
    try:
        answer = json.loads(error.read(64 * 1024))
        code = str(answer.get("code", "")) if isinstance(answer, dict) else ""
    except (ValueError, OSError):
        pass
    detail = f"{error.code} {code}".strip()
    if error.code in {401, 403}:
        return f"the shop refused the REST API key ({detail})"
    return f"the shop answered {detail}"
