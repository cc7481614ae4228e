"""Any sequence of earning, refunds, cancellations, redemptions, adjustments,
reversals and expiry keeps the ledger whole: the entries sum to the stored
balance and to what the lots hold, the balance is never negative, and every
redemption is recorded exactly once."""

import itertools
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)

from cxloop.customers import services as customer_services
from cxloop.customers.inputs import OrderData, OrderLineData
from cxloop.customers.models import Customer
from cxloop.errors import Conflict, InvalidInput
from cxloop.loyalty import selectors, services
from cxloop.loyalty.models import Account, Entry, Lot
from tests import factories
from tests.customers.factories import order_data
from tests.loyalty.factories import PAID, programme

_workspaces = itertools.count()


class Ledger(RuleBasedStateMachine):
    orders = Bundle("orders")

    def __init__(self) -> None:
        super().__init__()
        # A workspace of its own per run: runs share the test's database.
        self.workspace = factories.workspace(f"ledger-{next(_workspaces)}")
        programme(self.workspace, first_order_bonus=30, expiry_days=90)
        self.now = PAID
        self.numbers = itertools.count(1)
        self.data: dict[int, OrderData] = {}
        self.redemptions: set[str] = set()
        self.customer: Customer | None = None

    def _upsert(self, data: OrderData) -> None:
        order = customer_services.order_upsert(workspace=self.workspace, data=data)
        self.customer = order.order.customer

    def _balance(self) -> int:
        if self.customer is None:
            return 0
        return selectors.balance_of(
            workspace=self.workspace, customer_id=self.customer.pk
        )

    @rule(
        target=orders,
        coffee=st.integers(min_value=0, max_value=5),
        other=st.decimals(min_value=0, max_value=200, places=2),
    )
    def pay_an_order(self, coffee: int, other: Decimal) -> int:
        number = next(self.numbers)
        lines = (
            OrderLineData(
                sku="COF",
                name="Coffee",
                quantity=coffee,
                unit_price=Decimal("9.99"),
                category="coffee",
            ),
            OrderLineData(
                sku="X", name="Other", quantity=1, unit_price=other, category="other"
            ),
        )
        total = Decimal("9.99") * coffee + other
        data = order_data(
            number, status="paid", paid_at=self.now, total=total, lines=lines
        )
        self.data[number] = data
        self._upsert(data)
        return number

    @rule(number=orders, share=st.sampled_from([0.1, 0.25, 0.5, 1.0]))
    def refund_part(self, number: int, share: float) -> None:
        data = self.data[number]
        refunded = max(
            data.refunded_total,
            (data.total * Decimal(str(share))).quantize(Decimal("0.01")),
        )
        self.data[number] = replace(data, refunded_total=refunded)
        self._upsert(self.data[number])
        self._upsert(self.data[number])  # the shop redelivers the webhook

    @rule(number=consumes(orders))
    def cancel(self, number: int) -> None:
        self.data[number] = replace(
            self.data[number], status="cancelled", cancelled_at=self.now
        )
        self._upsert(self.data[number])

    @rule(points=st.integers(min_value=1, max_value=400), key=st.integers(0, 5))
    def redeem(self, points: int, key: int) -> None:
        if self.customer is None:
            return
        redemption_id = f"r-{key}"
        before = Entry.objects.filter(customer=self.customer).count()
        balance = self._balance()
        try:
            services.points_redeem(
                workspace=self.workspace,
                customer=self.customer,
                points=points,
                redemption_id=redemption_id,
            )
        except InvalidInput as refused:
            assert refused.field == "points"
            assert redemption_id not in self.redemptions
            assert points > balance
            assert Entry.objects.filter(customer=self.customer).count() == before
        except Conflict:
            assert redemption_id in self.redemptions
        else:
            self.redemptions.add(redemption_id)

    @rule(points=st.integers(min_value=-200, max_value=200).filter(bool))
    def adjust(self, points: int) -> None:
        if self.customer is None:
            return
        try:
            services.points_adjust(
                workspace=self.workspace,
                customer=self.customer,
                points=points,
                adjustment_id=f"a-{next(self.numbers)}",
                reason="Goodwill",
            )
        except InvalidInput:
            assert points < 0 and -points > self._balance()

    @rule(pick=st.integers(min_value=0, max_value=50))
    def reverse(self, pick: int) -> None:
        entries = list(
            Entry.objects.filter(
                workspace=self.workspace, kind__in=["earn", "adjust", "redeem"]
            ).order_by("pk")
        )
        if entries:
            entry = entries[pick % len(entries)]
            services.points_reverse(
                workspace=self.workspace, entry=entry, reason="Correction"
            )

    @rule(days=st.integers(min_value=1, max_value=60))
    def time_passes(self, days: int) -> None:
        self.now += timedelta(days=days)
        services.points_expire_due(now=self.now)

    @invariant()
    def the_ledger_adds_up(self) -> None:
        entries = Entry.objects.filter(workspace=self.workspace)
        total = entries.aggregate(total=Sum("points"))["total"] or 0
        held = (
            Lot.objects.filter(workspace=self.workspace).aggregate(
                total=Sum("remaining")
            )["total"]
            or 0
        )
        stored = sum(
            Account.objects.filter(workspace=self.workspace).values_list(
                "balance", flat=True
            )
        )
        assert total == held == stored >= 0
        assert not selectors.ledger_check(workspace=self.workspace)
        expired = Entry.objects.filter(workspace=self.workspace, kind="expire")
        refilled = Lot.objects.filter(
            entry_id__in=[int(e.source_id) for e in expired], remaining__gt=0
        )
        assert not refilled.exists()  # expired points never come back

    @invariant()
    def every_redemption_is_recorded_once(self) -> None:
        recorded = list(
            Entry.objects.filter(workspace=self.workspace, kind="redeem").values_list(
                "source_id", flat=True
            )
        )
        assert sorted(recorded) == sorted(self.redemptions)


Ledger.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.django_db
def test_any_sequence_of_ledger_operations_keeps_the_ledger_whole() -> None:
    Ledger.TestCase().runTest()
