"""Conditions about the customer: attributes, new or returning, order value."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer, Order
from cxloop.rules import services
from tests.rules import factories

pytestmark = pytest.mark.django_db


def _order(customer: Customer, number: int, total: str) -> None:
    Order.objects.create(
        workspace=customer.workspace,
        customer=customer,
        source="shopify",
        external_id=str(number),
        status=Order.Status.DELIVERED,
        currency="EUR",
        total=Decimal(total),
        placed_at=timezone.now() - timezone.timedelta(days=10 - number),
    )


@pytest.fixture
def responses(workspace_a: Workspace) -> dict[str, int]:
    """A loyal VIP who spent 250 € (last order 200 €) and a first-timer."""
    factories.survey(workspace_a)
    vip = factories.response(workspace_a, {"csat": 1}, email="vip@example.com")
    new = factories.response(workspace_a, {"csat": 1}, email="new@example.com")
    loyal = Customer.objects.get(pk=vip.customer_id)
    loyal.attributes = {"tier": "Gold", "employees": 40}
    loyal.save()
    _order(loyal, 1, "50.00")
    _order(loyal, 2, "200.00")
    _order(Customer.objects.get(pk=new.customer_id), 3, "30.00")
    return {"vip": vip.pk, "new": new.pk}


@pytest.mark.parametrize(
    ("condition", "matched"),
    [
        ({"field": "segment", "op": "eq", "value": "returning"}, ["vip"]),
        ({"field": "segment", "op": "eq", "value": "new"}, ["new"]),
        ({"field": "order_value", "key": "total", "op": "gte", "value": 250}, ["vip"]),
        (
            {"field": "order_value", "key": "last", "op": "between", "value": [20, 40]},
            ["new"],
        ),
        (
            {"field": "customer_attribute", "key": "tier", "op": "eq", "value": "gold"},
            ["vip"],
        ),
        (
            {
                "field": "customer_attribute",
                "key": "employees",
                "op": "gte",
                "value": 10,
            },
            ["vip"],
        ),
        ({"field": "customer_attribute", "key": "tier", "op": "is_set"}, ["vip"]),
    ],
)
def test_a_customer_condition_picks_the_right_customer(
    workspace_a: Workspace,
    responses: dict[str, int],
    condition: dict[str, object],
    matched: list[str],
) -> None:
    _count, examples = services.rule_preview(
        workspace=workspace_a,
        rule_data={"trigger": "response.stored", "conditions": [condition]},
    )

    names = {pk: name for name, pk in responses.items()}
    assert sorted(names[example["id"]] for example in examples) == matched
