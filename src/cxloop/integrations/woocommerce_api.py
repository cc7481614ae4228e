"""A small client of WooCommerce's REST API (v3): the orders changed since a time.

Only what the catch-up sync needs: `GET /wp-json/wc/v3/orders` filtered by
`modified_after` (with `dates_are_gmt`, so the time is UTC), oldest change
first, a page at a time; `X-WP-Total` and `X-WP-TotalPages` say how much
there is. The consumer key and secret go as HTTP basic auth, which
WooCommerce accepts over HTTPS; they never appear in an error or a URL.
"""

import base64
from datetime import UTC, datetime
from urllib.parse import urlencode

from cxloop.integrations import shop_rest
from cxloop.integrations.shop_rest import OrdersPage, RestError, address_is_allowed

ORDERS_PATH = "/wp-json/wc/v3/orders"
PER_PAGE = 100  # the most WooCommerce returns in one page
# WooCommerce names why it refused in `code` (e.g. woocommerce_rest_cannot_view).
REFUSAL = shop_rest.Refusal(reason_field="code", credential="REST API key")

__all__ = ["OrdersPage", "RestError", "address_is_allowed", "orders_modified_after"]


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
    orders, headers = shop_rest.get_json(
        f"{shop_url.rstrip('/')}{ORDERS_PATH}?{query}",
        authorization=f"Basic {credentials}",
        refusal=REFUSAL,
    )
    total = headers.get("X-WP-Total")
    total_pages = headers.get("X-WP-TotalPages")
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
