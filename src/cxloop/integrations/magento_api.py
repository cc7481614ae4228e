"""A small client of Magento 2's REST API: the orders changed since a time.

Only what the catch-up sync needs: `GET /rest/V1/orders` with a
`searchCriteria` filtering `updated_at` (`gteq`; Magento keeps UTC times
without a zone), sorted by `updated_at` ascending, a page at a time
(`searchCriteria[pageSize]`, `searchCriteria[currentPage]`); the answer is
`{"items": […], "search_criteria": {…}, "total_count": n}`. Magento answers
a page past the last with the last page again, so the number of pages comes
from `total_count`, never from an empty page.

The token is an integration's access token (System → Extensions →
Integrations), sent as `Authorization: Bearer`; since 2.4.4 Magento takes it
so only with "Allow OAuth Access Tokens to be used as standalone Bearer
tokens" switched on. It never appears in an error or a URL.
"""

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from cxloop import __version__

# The address rule and the refusal are the WooCommerce client's: one way to
# reach a shop and to say it could not be read.
from cxloop.integrations.woocommerce_api import RestError, address_is_allowed

ORDERS_PATH = "/rest/V1/orders"
PAGE_SIZE = 100
TIMEOUT_SECONDS = 30
MAX_PAGE_BYTES = 32 * 1024 * 1024
FILTER = "searchCriteria[filter_groups][0][filters][0]"

__all__ = ["OrdersPage", "RestError", "address_is_allowed", "orders_updated_since"]


@dataclass(frozen=True)
class OrdersPage:
    orders: list[dict[str, Any]]
    total: int
    total_pages: int


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Following a redirect would send the token to wherever it points.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def orders_query(*, since: datetime, page: int) -> str:
    return urlencode(
        {
            f"{FILTER}[field]": "updated_at",
            f"{FILTER}[value]": since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            f"{FILTER}[condition_type]": "gteq",
            "searchCriteria[sortOrders][0][field]": "updated_at",
            "searchCriteria[sortOrders][0][direction]": "ASC",
            "searchCriteria[pageSize]": PAGE_SIZE,
            "searchCriteria[currentPage]": page,
        }
    )


def orders_updated_since(
    *, shop_url: str, token: str, since: datetime, page: int
) -> OrdersPage:
    """One page of the orders updated at or after `since` (UTC), oldest first."""
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked)
        f"{shop_url.rstrip('/')}{ORDERS_PATH}?{orders_query(since=since, page=page)}",
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "User-Agent": f"cxloop/{__version__}",
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise RestError(_http_reason(error)) from error
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        raise RestError(f"the shop could not be reached ({reason})") from error
    if len(body) > MAX_PAGE_BYTES:
        raise RestError("the shop's answer is too large")
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise RestError("the shop's answer is not JSON") from error
    items = answer.get("items") if isinstance(answer, dict) else None
    if items is None and isinstance(answer, dict) and "total_count" in answer:
        items = []  # Magento leaves `items` out of an empty list
    if not isinstance(items, list) or not all(isinstance(o, dict) for o in items):
        raise RestError("the shop's answer is not a list of orders")
    total = answer.get("total_count")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise RestError("the shop's answer has no total_count")
    return OrdersPage(
        orders=items, total=total, total_pages=max(1, -(-total // PAGE_SIZE))
    )


def _http_reason(error: urllib.error.HTTPError) -> str:
    if error.code in {301, 302, 303, 307, 308}:
        return (
            f"the shop redirected to {error.headers.get('Location', '?')}; "
            "give that address instead"
        )
    message = ""
    try:
        answer = json.loads(error.read(64 * 1024))
        message = str(answer.get("message", "")) if isinstance(answer, dict) else ""
    except (ValueError, OSError):
        pass
    detail = f"{error.code} {message}".strip()[:300]
    if error.code in {401, 403}:
        return f"the shop refused the access token ({detail})"
    return f"the shop answered {detail}"
