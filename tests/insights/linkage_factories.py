"""A small shop whose figures after answering can be worked out by hand.

Rows are written directly, so a test states exactly who answered what,
when, and which orders followed.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer, Order
from cxloop.surveys.models import Response
from tests.textanalysis import topic_factories

# The report is asked for at noon on 15 June 2026; the workspace's day
# (Europe/Tallinn) is 15 June, so 90-day windows are over for answers
# before 17 March and 30-day churn windows for answers before 16 May.
AT = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
ANSWERED = datetime(2026, 2, 1, 10, 0, tzinfo=UTC)
_ids = count(1)


def customer(workspace: Workspace) -> Customer:
    return Customer.objects.create(workspace=workspace)


def order(
    workspace: Workspace,
    who: Customer | None,
    placed_at: datetime,
    total: str,
    *,
    refunded: str = "0",
    status: str = Order.Status.PAID,
    currency: str = "EUR",
) -> Order:
    return Order.objects.create(
        workspace=workspace,
        customer=who,
        source="shopify",
        external_id=f"o{next(_ids)}",
        status=status,
        currency=currency,
        total=Decimal(total),
        refunded_total=Decimal(refunded),
        placed_at=placed_at,
    )


def answer(
    workspace: Workspace,
    who: Customer | None,
    *,
    at: datetime = ANSWERED,
    touchpoint: str = "",
    survey_key: str = "relationship",
    **scores: int,
) -> Response:
    return topic_factories.response(
        workspace,
        survey_key=survey_key,
        touchpoint=touchpoint,
        at=at,
        customer=who,
        **scores,
    )


def regulars(workspace: Workspace, n: int = 20, gap_days: int = 30) -> None:
    """`n` customers who never answered, each ordering twice `gap_days` apart
    in 2025: they teach the shop's usual time between orders."""
    first = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    for _ in range(n):
        who = customer(workspace)
        order(workspace, who, first, "10.00")
        order(workspace, who, first + timedelta(days=gap_days), "10.00")
