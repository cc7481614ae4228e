"""Plain factory functions for customers and orders."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from cxloop.accounts.models import Workspace
from cxloop.customers import services
from cxloop.customers.inputs import (
    IdentitySignals,
    OrderData,
    OrderLineData,
    ProfileData,
)
from cxloop.customers.models import Customer

PLACED = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def customer(workspace: Workspace, **signals: Any) -> Customer:
    profile = signals.pop("profile", None)
    return services.customer_resolve(
        workspace=workspace,
        signals=IdentitySignals(**signals),
        profile=profile,
        source="test",
    ).customer


def order_data(number: int = 1, **fields: Any) -> OrderData:
    defaults: dict[str, Any] = {
        "source": "shopify",
        "external_id": f"{1000 + number}",
        "number": f"#{number}",
        "status": "placed",
        "currency": "EUR",
        "total": Decimal("59.80"),
        "placed_at": PLACED,
        "customer": IdentitySignals(email="mari@example.ee"),
        "profile": ProfileData(first_name="Mari", last_name="Maasikas"),
        "lines": (
            OrderLineData(
                sku="COF-1",
                name="Coffee beans 1 kg",
                quantity=2,
                unit_price=Decimal("24.90"),
                category="coffee",
            ),
            OrderLineData(
                sku="FIL-1",
                name="Paper filters",
                quantity=1,
                unit_price=Decimal("10.00"),
                category="accessories",
            ),
        ),
    }
    return OrderData(**{**defaults, **fields})
