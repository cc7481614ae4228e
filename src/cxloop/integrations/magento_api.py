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

from datetime import UTC, datetime
from urllib.parse import urlencode

from cxloop.integrations import shop_rest
from cxloop.integrations.shop_rest import OrdersPage, RestError, address_is_allowed

ORDERS_PATH = "/rest/V1/orders"
PAGE_SIZE = 100
FILTER = "searchCriteria[filter_groups][0][filters][0]"
# Magento names why it refused in `message`, sometimes at length.
REFUSAL = shop_rest.Refusal(
    reason_field="message", credential="access token", reason_length=300
)

__all__ = ["OrdersPage", "RestError", "address_is_allowed", "orders_updated_since"]


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
    answer, _headers = shop_rest.get_json(
        f"{shop_url.rstrip('/')}{ORDERS_PATH}?{orders_query(since=since, page=page)}",
        authorization=f"Bearer {token}",
        refusal=REFUSAL,
    )
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
