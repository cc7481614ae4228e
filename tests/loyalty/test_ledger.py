"""The points ledger: earning from orders, refunds, redemption, expiry."""

from datetime import timedelta
from decimal import Decimal

import pytest

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer
from cxloop.errors import Conflict, InvalidInput
from cxloop.loyalty import selectors, services
from cxloop.loyalty.models import Entry, Lot
from tests.loyalty.factories import PAID, customer_of, paid_order, programme, report


def _balance(workspace: Workspace, customer: Customer) -> int:
    return selectors.balance_of(workspace=workspace, customer_id=customer.pk)


def _points(customer: Customer, **filters: object) -> list[int]:
    entries = Entry.objects.filter(customer=customer, **filters).order_by("pk")
    return list(entries.values_list("points", flat=True))


def test_a_paid_order_earns_per_euro_with_category_multipliers_and_the_bonus(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    order = paid_order(workspace_a)
    mari = customer_of(order)
    # coffee 2 × 24.90 × 2 = 99.60, filters 10.00 × 1 → 109.60 → 109; bonus 50
    assert _points(mari) == [109, 50]
    assert _balance(workspace_a, mari) == 159
    assert not selectors.ledger_check(workspace=workspace_a)


def test_the_first_order_bonus_is_given_once_per_customer(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    first = paid_order(workspace_a, 1)
    paid_order(workspace_a, 2)
    assert _points(customer_of(first)) == [109, 50, 109]


def test_a_placed_but_unpaid_order_earns_nothing(workspace_a: Workspace) -> None:
    programme(workspace_a)
    order = paid_order(workspace_a, status="placed", paid_at=None)
    assert not Entry.objects.filter(customer_id=order.customer_id).exists()


def test_without_a_programme_orders_earn_nothing(workspace_a: Workspace) -> None:
    order = paid_order(workspace_a)
    assert not Entry.objects.filter(customer_id=order.customer_id).exists()


def test_the_same_order_reported_twice_earns_once(workspace_a: Workspace) -> None:
    programme(workspace_a)
    order = paid_order(workspace_a)
    report(workspace_a, order)
    report(workspace_a, order, status="delivered")
    assert _points(customer_of(order)) == [109, 50]


def test_a_partial_refund_reverses_its_share_once_and_a_larger_one_the_rest(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    order = paid_order(workspace_a)
    mari = customer_of(order)
    report(workspace_a, order, refunded_total=Decimal("14.95"))  # a quarter
    report(workspace_a, order, refunded_total=Decimal("14.95"))  # redelivered
    assert _points(mari, kind="reverse") == [-27]  # 109 / 4 = 27.25
    report(workspace_a, order, refunded_total=Decimal("29.90"))  # half in all
    assert _points(mari, kind="reverse") == [-27, -28]  # 54.5 → 55 in all
    assert _balance(workspace_a, mari) == 159 - 55


def test_a_cancelled_order_gives_back_everything_it_earned(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    order = paid_order(workspace_a)
    mari = customer_of(order)
    report(workspace_a, order, refunded_total=Decimal("14.95"))
    report(workspace_a, order, status="cancelled", cancelled_at=PAID)
    report(workspace_a, order, status="cancelled", cancelled_at=PAID)
    assert _points(mari, kind="reverse") == [-27, -132]
    assert _balance(workspace_a, mari) == 0
    assert not selectors.ledger_check()


def test_a_refund_of_spent_points_takes_the_balance_and_records_the_shortfall(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    order = paid_order(workspace_a)
    mari = customer_of(order)
    services.points_redeem(
        workspace=workspace_a, customer=mari, points=150, redemption_id="r-1"
    )
    report(workspace_a, order, status="refunded", refunded_total=Decimal("59.80"))
    reversal = Entry.objects.get(customer=mari, kind="reverse")
    assert (reversal.points, reversal.shortfall) == (-9, 150)
    assert _balance(workspace_a, mari) == 0


def test_a_redemption_beyond_the_balance_is_refused_naming_points_and_writes_nothing(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a))
    before = list(Entry.objects.values_list("pk", flat=True))
    with pytest.raises(InvalidInput) as refused:
        services.points_redeem(
            workspace=workspace_a, customer=mari, points=160, redemption_id="r-1"
        )
    assert refused.value.field == "points"
    assert "159" in refused.value.message
    assert list(Entry.objects.values_list("pk", flat=True)) == before
    assert sorted(Lot.objects.values_list("remaining", flat=True)) == [50, 109]
    assert _balance(workspace_a, mari) == 159


def test_a_redemption_retried_with_its_id_spends_once(workspace_a: Workspace) -> None:
    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a))
    first = services.points_redeem(
        workspace=workspace_a, customer=mari, points=100, redemption_id="r-1"
    )
    again = services.points_redeem(
        workspace=workspace_a, customer=mari, points=100, redemption_id="r-1"
    )
    assert again.pk == first.pk
    assert _balance(workspace_a, mari) == 59
    with pytest.raises(Conflict) as clash:
        services.points_redeem(
            workspace=workspace_a, customer=mari, points=5, redemption_id="r-1"
        )
    assert clash.value.field == "redemption_id"


def test_redemption_spends_the_soonest_expiring_points_first_and_expiry_takes_the_rest(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a, category_multipliers={}, first_order_bonus=0)
    early = paid_order(workspace_a, 1, lines=(), total=Decimal(100))
    mari = customer_of(early)
    paid_order(
        workspace_a, 2, lines=(), total=Decimal(40), paid_at=PAID + timedelta(days=30)
    )
    services.points_redeem(
        workspace=workspace_a, customer=mari, points=120, redemption_id="r-1"
    )
    # The first order's 100 went first, then 20 of the second's 40.
    lots = Lot.objects.filter(customer=mari).order_by("expires_at")
    assert [lot.remaining for lot in lots] == [0, 20]
    due = PAID + timedelta(days=365, hours=1)
    assert services.points_expire_due(now=due) == 0  # the early lot is empty
    assert services.points_expire_due(now=due + timedelta(days=30)) == 1
    assert _points(mari, kind="expire") == [-20]
    assert _balance(workspace_a, mari) == 0
    assert services.points_expire_due(now=due + timedelta(days=60)) == 0


def test_reversing_a_redemption_gives_the_points_back_to_their_lots(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a))
    spent = services.points_redeem(
        workspace=workspace_a, customer=mari, points=120, redemption_id="r-1"
    )
    back = services.points_reverse(workspace=workspace_a, entry=spent, reason="Oops")
    again = services.points_reverse(workspace=workspace_a, entry=spent, reason="Oops")
    assert again.pk == back.pk
    assert (back.points, back.reverses_id) == (120, spent.pk)
    assert _balance(workspace_a, mari) == 159
    assert sorted(Lot.objects.values_list("remaining", flat=True)) == [50, 109]


def test_a_manual_adjustment_needs_a_reason_and_counts_once(
    workspace_a: Workspace,
) -> None:
    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a))
    with pytest.raises(InvalidInput) as refused:
        services.points_adjust(
            workspace=workspace_a,
            customer=mari,
            points=10,
            adjustment_id="a",
            reason=" ",
        )
    assert refused.value.field == "reason"
    for _ in range(2):
        services.points_adjust(
            workspace=workspace_a,
            customer=mari,
            points=-9,
            adjustment_id="a-1",
            reason="Double booking",
        )
    assert _balance(workspace_a, mari) == 150
    with pytest.raises(InvalidInput) as beyond:
        services.points_adjust(
            workspace=workspace_a,
            customer=mari,
            points=-151,
            adjustment_id="a-2",
            reason="Too much",
        )
    assert beyond.value.field == "points"


def test_the_check_finds_a_balance_that_disagrees_with_its_entries(
    workspace_a: Workspace,
) -> None:
    from cxloop import cli
    from cxloop.loyalty.models import Account

    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a))
    with pytest.raises(SystemExit) as clean:
        cli.main(["loyalty", "check", "--workspace", "shop-a"])
    assert clean.value.code == 0
    Account.objects.filter(customer=mari).update(balance=200)
    with pytest.raises(SystemExit) as dirty:
        cli.main(["loyalty", "check"])
    assert dirty.value.code == 1
    [mismatch] = selectors.ledger_check()
    assert (mismatch.stored, mismatch.entries, mismatch.lots) == (200, 159, 159)


def test_merging_two_profiles_adds_their_points_and_keeps_both_bonuses(
    workspace_a: Workspace,
) -> None:
    from cxloop.customers import services as customer_services
    from cxloop.customers.inputs import IdentitySignals

    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a, 1))
    other = customer_of(
        paid_order(workspace_a, 2, customer=IdentitySignals(email="m@example.ee"))
    )
    services.points_redeem(
        workspace=workspace_a, customer=other, points=9, redemption_id="r-1"
    )
    assert mari.pk != other.pk
    customer_services.customer_merge(
        workspace=workspace_a, survivor=mari, merged=[other], actor="ada", reason="Same"
    )
    assert _balance(workspace_a, mari) == 159 + 150
    assert _points(mari, source_kind="bonus") == [50, 50]
    assert not Entry.objects.filter(customer=other).exists()
    assert not selectors.ledger_check()


def test_an_erasure_keeps_the_points_but_not_the_reasons_written_about_the_person(
    workspace_a: Workspace,
) -> None:
    from cxloop.customers import services as customer_services

    programme(workspace_a)
    mari = customer_of(paid_order(workspace_a))
    services.points_adjust(
        workspace=workspace_a,
        customer=mari,
        points=10,
        adjustment_id="a-1",
        reason="Mari Maasikas called about a broken grinder",
    )
    customer_services.customer_erase(workspace=workspace_a, customer=mari, actor="ada")
    assert _balance(workspace_a, mari) == 169
    assert not Entry.objects.exclude(reason="").exists()
    assert not selectors.ledger_check()


def test_the_worker_expires_due_points_every_hour(workspace_a: Workspace) -> None:
    from cxloop.loyalty import tasks
    from cxloop.worker import schedule

    jobs = {job.name: job for job in schedule.registered()}
    assert jobs["loyalty.expire_due"].task is tasks.expire_due
    assert jobs["loyalty.expire_due"].every == timedelta(hours=1)
    programme(workspace_a, expiry_days=1)
    mari = customer_of(paid_order(workspace_a))  # paid long before today
    result = tasks.expire_due.enqueue()
    assert result.return_value == {"expired": 2}
    assert _balance(workspace_a, mari) == 0
