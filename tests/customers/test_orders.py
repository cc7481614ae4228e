"""Orders: upserted once per shop id, moving only forward, seen as events."""

from datetime import timedelta
from decimal import Decimal

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors, services
from cxloop.customers.inputs import IdentitySignals, OrderLineData
from cxloop.customers.models import Order
from cxloop.errors import InvalidInput
from cxloop.journeys.models import Event
from tests.customers.factories import PLACED, order_data


def test_the_same_order_reported_twice_is_stored_once(workspace_a: Workspace) -> None:
    first = services.order_upsert(workspace=workspace_a, data=order_data(1))
    again = services.order_upsert(workspace=workspace_a, data=order_data(1))
    assert first.created and not again.created
    assert first.order.pk == again.order.pk
    assert Order.objects.count() == 1
    assert again.order.lines.count() == 2
    assert first.order.customer is not None
    assert first.order.customer.full_name == "Mari Maasikas"
    # Its placement is one journey event, however often it is reported.
    assert list(Event.objects.values_list("type", "customer_id")) == [
        ("order_placed", first.order.customer_id)
    ]


def test_a_customer_is_a_customer_since_their_first_order(
    workspace_a: Workspace,
) -> None:
    """A webhook or an import today for last year's order dates the profile."""
    last_year = PLACED - timedelta(days=300)
    services.order_upsert(workspace=workspace_a, data=order_data(1))
    services.order_upsert(
        workspace=workspace_a, data=order_data(2, placed_at=last_year)
    )
    services.order_upsert(workspace=workspace_a, data=order_data(3))

    (customer,) = selectors.customer_list(workspace=workspace_a)
    assert customer.created_at == last_year


def test_a_later_report_moves_the_order_forward_and_replaces_lines(
    workspace_a: Workspace,
) -> None:
    services.order_upsert(workspace=workspace_a, data=order_data(1))
    paid = PLACED + timedelta(minutes=5)
    delivered = PLACED + timedelta(days=2)
    line = OrderLineData(
        sku="COF-2", name="Decaf 250 g", quantity=1, unit_price=Decimal("8.50")
    )
    services.order_upsert(
        workspace=workspace_a,
        data=order_data(
            1, status="delivered", paid_at=paid, delivered_at=delivered, lines=(line,)
        ),
    )
    # A late webhook from before delivery changes nothing that happened.
    result = services.order_upsert(
        workspace=workspace_a, data=order_data(1, status="paid", paid_at=paid, lines=())
    )
    order = result.order
    order.refresh_from_db()
    assert order.status == "delivered"
    assert (order.paid_at, order.delivered_at) == (paid, delivered)
    assert [line.sku for line in order.lines.all()] == ["COF-2"]
    assert sorted(Event.objects.values_list("type", flat=True)) == [
        "order_delivered",
        "order_paid",
        "order_placed",
    ]


def test_a_refund_counts_against_revenue(workspace_a: Workspace) -> None:
    services.order_upsert(workspace=workspace_a, data=order_data(1))
    result = services.order_upsert(
        workspace=workspace_a,
        data=order_data(
            1,
            status="refunded",
            refunded_total=Decimal("10.00"),
            refunded_at=PLACED + timedelta(days=9),
        ),
    )
    services.order_upsert(
        workspace=workspace_a,
        data=order_data(2, status="cancelled", cancelled_at=PLACED),
    )
    assert result.order.customer is not None
    summary = selectors.order_summary(customer=result.order.customer)
    assert summary["count"] == 1
    assert summary["revenue"] == Decimal("49.80")
    assert Event.objects.filter(type="order_refunded").count() == 1


def test_orders_of_one_person_from_two_shops_meet_in_one_profile(
    workspace_a: Workspace,
) -> None:
    web = services.order_upsert(workspace=workspace_a, data=order_data(1))
    store = services.order_upsert(
        workspace=workspace_a,
        data=order_data(
            2,
            source="pos",
            channel="store",
            customer=IdentitySignals(email="MARI@example.ee", phone="5123 4567"),
        ),
    )
    assert web.order.customer == store.order.customer
    assert web.order.customer is not None
    assert selectors.order_summary(customer=web.order.customer)["count"] == 2


def test_a_guest_order_without_any_identity_has_no_customer(
    workspace_a: Workspace,
) -> None:
    result = services.order_upsert(
        workspace=workspace_a,
        data=order_data(1, source="pos", customer=IdentitySignals()),
    )
    assert result.order.customer is None
    assert result.customer is None


def test_an_order_with_a_bad_email_is_stored_and_the_email_reported(
    workspace_a: Workspace,
) -> None:
    result = services.order_upsert(
        workspace=workspace_a,
        data=order_data(1, customer=IdentitySignals(email="mari@@example")),
    )
    assert result.order.pk is not None
    assert result.customer is not None
    assert [r.raw for r in result.customer.rejected] == ["mari@@example"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "shipped"}, "status"),
        ({"currency": "euro"}, "currency"),
        ({"channel": "fax"}, "channel"),
        ({"external_id": " "}, "external_id"),
    ],
)
def test_an_impossible_order_is_refused_naming_the_field(
    workspace_a: Workspace, fields: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        services.order_upsert(workspace=workspace_a, data=order_data(1, **fields))
    assert error.value.field == field
    assert not Order.objects.exists()
