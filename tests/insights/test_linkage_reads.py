"""The reads CX and business links with: order gaps, orders after a moment."""

from datetime import UTC, datetime, timedelta

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.models import Order
from tests.insights import linkage_factories as f

pytestmark = pytest.mark.django_db

FIRST = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def test_gaps_are_between_each_customers_consecutive_orders_not_cancelled(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    who = f.customer(workspace_a)
    for days in (0, 10, 40):
        f.order(workspace_a, who, FIRST + timedelta(days=days), "5.00")
    f.order(
        workspace_a,
        who,
        FIRST + timedelta(days=5),
        "5.00",
        status=Order.Status.CANCELLED,
    )
    f.order(workspace_a, f.customer(workspace_a), FIRST, "5.00")  # one order: no gap
    f.order(workspace_a, None, FIRST + timedelta(days=1), "5.00")  # nobody's
    other = f.customer(workspace_b)
    f.order(workspace_b, other, FIRST, "5.00")
    f.order(workspace_b, other, FIRST + timedelta(days=2), "5.00")

    gaps = customer_selectors.order_gaps(workspace=workspace_a)

    assert sorted(gaps) == [timedelta(days=10), timedelta(days=30)]


def test_a_big_shops_gaps_come_whole_from_a_sample_of_its_customers(
    workspace_a: Workspace,
) -> None:
    people = [f.customer(workspace_a) for _ in range(10)]
    for who in people:
        for days in (0, 7, 21):
            f.order(workspace_a, who, FIRST + timedelta(days=days), "5.00")

    gaps = customer_selectors.order_gaps(workspace=workspace_a, sample=10)

    # 30 orders, about 10 read: every third customer's, each with both gaps.
    sampled = [who for who in people if who.pk % 3 == 0]
    assert len(gaps) == 2 * len(sampled)
    assert sorted(set(gaps)) == [timedelta(days=7), timedelta(days=14)]
