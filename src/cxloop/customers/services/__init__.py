"""Writes of customers: identity resolution, merging, orders and erasure.

Every identity value is read through `customers.identities`, and only
verified values take part in matching. The unique constraint on verified
values decides races: a resolution that loses one retries and finds the
winner's profile (on SQLite writers are serialised anyway).

A package because it outgrew one module; callers keep using
`services.<name>`, re-exported here.
"""

from cxloop.customers.identities import signals_from_ref
from cxloop.customers.services.batches import customer_upsert_many
from cxloop.customers.services.erasure import customer_erase
from cxloop.customers.services.orders import (
    OrderResult,
    has_signals,
    order_advance,
    order_remove,
    order_upsert,
)
from cxloop.customers.services.resolution import (
    RejectedIdentity,
    ResolveResult,
    customer_merge,
    customer_resolve,
    customer_resolve_many,
    customer_upsert,
)

__all__ = [
    "OrderResult",
    "RejectedIdentity",
    "ResolveResult",
    "customer_erase",
    "customer_merge",
    "customer_resolve",
    "customer_resolve_many",
    "customer_upsert",
    "customer_upsert_many",
    "has_signals",
    "order_advance",
    "order_remove",
    "order_upsert",
    "signals_from_ref",
]
