"""Points for orders: earned once paid, reversed on refunds and cancellation."""

from datetime import timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Order
from cxloop.loyalty import selectors
from cxloop.loyalty.models import Account, Entry, Programme
from cxloop.loyalty.services.ledger import (
    BONUS,
    CANCEL,
    FIRST_ORDER,
    ORDER,
    REFUND,
    _account_lock,
    _credit,
    _debit,
    _existing,
)

EARNING = {Order.Status.PAID, Order.Status.FULFILLED, Order.Status.DELIVERED}


# ---------------------------------------------------------------- earning


def _order_points(programme: Programme, order: Order) -> int:
    lines = list(order.lines.all())
    if lines:
        base = sum(
            (
                max(line.amount, Decimal(0)) * programme.multiplier(line.category)
                for line in lines
            ),
            Decimal(0),
        )
    else:
        base = order.total
    points = (base * programme.points_per_unit).to_integral_value(ROUND_FLOOR)
    return max(int(points), 0)


def _refunded(order: Order) -> Decimal:
    """How much of the order went back: the refunded total, or all of it when
    the shop says "refunded" without an amount."""
    if order.status == Order.Status.REFUNDED and order.refunded_total <= 0:
        return order.total
    return order.refunded_total


def _earn_for_order(account: Account, programme: Programme, order: Order) -> None:
    paid_at = order.paid_at or order.placed_at
    expires_at = paid_at + timedelta(days=programme.expiry_days)
    points = _order_points(programme, order)
    if points > 0:
        _credit(
            account,
            kind=Entry.Kind.EARN,
            points=points,
            source_kind=ORDER,
            source_id=str(order.pk),
            expires_at=expires_at,
            order_id=order.pk,
        )
    if programme.first_order_bonus > 0 and not _existing(account, BONUS, FIRST_ORDER):
        _credit(
            account,
            kind=Entry.Kind.EARN,
            points=programme.first_order_bonus,
            source_kind=BONUS,
            source_id=FIRST_ORDER,
            expires_at=expires_at,
            order_id=order.pk,
        )


def _reverse_for_order(account: Account, order: Order) -> None:
    entries = list(
        Entry.objects.of(account.workspace).filter(
            customer_id=account.customer_id, order_id=order.pk
        )
    )
    earned = sum(e.points for e in entries if e.source_kind == ORDER)
    bonus = sum(e.points for e in entries if e.source_kind == BONUS)
    reversed_ = sum(
        -e.points + e.shortfall for e in entries if e.source_kind in (REFUND, CANCEL)
    )
    refunded = _refunded(order)
    whole = order.status == Order.Status.CANCELLED or (
        order.total > 0 and refunded >= order.total
    )
    if whole:
        target, source_kind, source_id = earned + bonus, CANCEL, str(order.pk)
    elif refunded > 0 and order.total > 0:
        share = Decimal(earned) * refunded / order.total
        target = int(share.to_integral_value(ROUND_HALF_UP))
        source_kind, source_id = REFUND, f"{order.pk}:{refunded}"
    else:
        return
    if target - reversed_ <= 0 or _existing(account, source_kind, source_id):
        return
    _debit(
        account,
        kind=Entry.Kind.REVERSE,
        points=target - reversed_,
        source_kind=source_kind,
        source_id=source_id,
        prefer=[e.pk for e in entries if e.points > 0],
        allow_short=True,
        order_id=order.pk,
    )


@transaction.atomic
def points_for_order(workspace: Workspace, order: Order) -> None:
    """Bring the customer's points in line with the order's state.

    Registered on `customers.hooks.on_order_saved`, so it runs on every
    report of an order, inside its transaction, and must be idempotent: a
    paid order earns once; a refunded total reverses its share once; a
    cancellation reverses what is left. Without a programme nothing earns;
    a disabled programme earns nothing new but still reverses.
    """
    if order.customer_id is None or order.total <= 0:
        return
    programme = selectors.programme_of(workspace=workspace)
    if programme is None:
        return
    earns = Entry.objects.of(workspace).filter(
        customer_id=order.customer_id, source_kind=ORDER, source_id=str(order.pk)
    )
    paid = order.paid_at is not None or order.status in EARNING
    if not earns.exists() and not (
        programme.enabled and paid and order.status != Order.Status.CANCELLED
    ):
        return
    account = _account_lock(workspace, order.customer_id)
    if not _existing(account, ORDER, str(order.pk)) and programme.enabled and paid:
        if order.status == Order.Status.CANCELLED:
            return
        _earn_for_order(account, programme, order)
    _reverse_for_order(account, order)
