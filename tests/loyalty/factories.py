"""Plain factory functions for the points ledger."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customer_services
from cxloop.customers.models import Customer, Order
from cxloop.loyalty import services
from cxloop.loyalty.models import Programme
from tests.customers.factories import order_data

PAID = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def programme(workspace: Workspace, **fields: Any) -> Programme:
    defaults: dict[str, Any] = {
        "points_per_unit": Decimal(1),
        "category_multipliers": {"coffee": Decimal(2)},
        "first_order_bonus": 50,
        "expiry_days": 365,
    }
    return services.programme_set(workspace=workspace, **{**defaults, **fields})


def paid_order(workspace: Workspace, number: int = 1, **fields: Any) -> Order:
    """A paid order of Mari's (by default two coffees at 24.90, filters at 10)."""
    data = order_data(number, **{"status": "paid", "paid_at": PAID, **fields})
    return customer_services.order_upsert(workspace=workspace, data=data).order


def report(workspace: Workspace, order: Order, **fields: Any) -> Order:
    """The shop reports the order again with `fields` changed."""
    number = int(order.external_id) - 1000
    data = replace(order_data(number, status="paid", paid_at=PAID), **fields)
    return customer_services.order_upsert(workspace=workspace, data=data).order


def customer_of(order: Order) -> Customer:
    assert order.customer is not None
    return order.customer
