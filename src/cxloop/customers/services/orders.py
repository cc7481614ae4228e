"""Writes of orders: upserted per (source, external_id), moving forward."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks
from cxloop.customers.inputs import IdentitySignals, OrderData, OrderLineData
from cxloop.customers.models import Customer, Order, OrderLine
from cxloop.customers.services.resolution import ResolveResult, customer_resolve
from cxloop.errors import InvalidInput


@dataclass(frozen=True)
class OrderResult:
    order: Order
    created: bool
    customer: ResolveResult | None


# Status only moves forward: a late webhook of an earlier stage changes
# nothing, and a cancellation or refund outranks every shipping stage.
STATUS_RANK = {status: rank for rank, status in enumerate(Order.Status.values)}
MILESTONES = {
    "placed_at": "order_placed",
    "paid_at": "order_paid",
    "fulfilled_at": "order_fulfilled",
    "delivered_at": "order_delivered",
    "cancelled_at": "order_cancelled",
    "refunded_at": "order_refunded",
}


def _check_order(data: OrderData) -> None:
    if not data.source.strip():
        raise InvalidInput(_("An order needs its source."), field="source")
    if not data.external_id.strip():
        raise InvalidInput(_("An order needs its id."), field="external_id")
    if data.status not in STATUS_RANK:
        raise InvalidInput(_("Unknown order status."), field="status")
    if data.channel not in Order.Channel.values:
        raise InvalidInput(_("Unknown sales channel."), field="channel")
    if len(data.currency) != 3 or not data.currency.isalpha():
        raise InvalidInput(_("Use a three-letter currency code."), field="currency")
    for line in data.lines:
        if line.quantity < 0:
            raise InvalidInput(_("A quantity cannot be negative."), field="lines")


def has_signals(signals: IdentitySignals) -> bool:
    return bool(
        signals.email
        or signals.phone
        or any(signals.external_ids)
        or signals.anonymous_id
    )


def _order_fields(data: OrderData) -> dict[str, Any]:
    return {
        "number": data.number[:100],
        "status": data.status,
        "channel": data.channel,
        "currency": data.currency.upper(),
        "total": data.total,
        "discount_total": data.discount_total,
        "refunded_total": data.refunded_total,
        "coupon_codes": list(data.coupon_codes),
        **{name: getattr(data, name) for name in MILESTONES},
    }


def _advance(order: Order, data: OrderData) -> None:
    """Apply a later report of the order: never backwards, never forgetting."""
    fields = _order_fields(data)
    if STATUS_RANK[data.status] < STATUS_RANK[order.status]:
        del fields["status"]
    for name in MILESTONES:
        if fields[name] is None:
            del fields[name]  # a report that omits a time does not unset it
    fields["refunded_total"] = max(order.refunded_total, data.refunded_total)
    for name, value in fields.items():
        setattr(order, name, value)


def _line(order: Order, position: int, line: OrderLineData) -> OrderLine:
    return OrderLine(
        order=order,
        position=position,
        sku=line.sku[:100],
        name=line.name[:300],
        category=line.category[:200],
        quantity=line.quantity,
        unit_price=line.unit_price,
        discount=line.discount,
        external_id=line.external_id[:100],
    )


def _customer_ref(signals: IdentitySignals) -> dict[str, str]:
    ref = {"email": signals.email or "", "phone": signals.phone or ""}
    if signals.external_ids:
        ref["external_id"] = signals.external_ids[0]
    return {key: value for key, value in ref.items() if value}


def _milestones(
    order: Order, before: dict[str, datetime | None], ref: dict[str, str]
) -> list[hooks.OrderMilestone]:
    reached = []
    for name, event_type in MILESTONES.items():
        at = getattr(order, name)
        if at is not None and before.get(name) is None:
            reached.append(
                hooks.OrderMilestone(
                    type=event_type,
                    at=at,
                    order_id=order.pk,
                    customer_id=order.customer_id,
                    source=order.source,
                    external_id=order.external_id,
                    properties={
                        "order": order.number or order.external_id,
                        "source": order.source,
                        "total": str(order.total),
                        "currency": order.currency,
                        "channel": order.channel,
                        "customer": ref,
                    },
                )
            )
    return reached


History = tuple[int | None, datetime, bool, Any]


def _history(order: Order) -> History:
    """What a customer's order history reads of the order: whose, when,
    whether it was cancelled and its total."""
    cancelled = order.status == Order.Status.CANCELLED
    return (order.customer_id, order.placed_at, cancelled, order.total)


def _history_changed(
    workspace: Workspace, before: History | None, order: Order | None
) -> None:
    """Tell `hooks.on_orders_changed` whose history changed, from when."""
    after = _history(order) if order is not None else None
    if before == after:
        return
    changes: dict[int, datetime] = {}
    for state in (before, after):
        if state is not None and state[0] is not None:
            customer_id, placed_at = state[0], state[1]
            changes[customer_id] = min(placed_at, changes.get(customer_id, placed_at))
    hooks.orders_changed(workspace, changes)


@transaction.atomic
def order_upsert(*, workspace: Workspace, data: OrderData) -> OrderResult:
    """Store an order once per (source, external_id); later reports update it.

    The customer is resolved from the order's signals (and the profile
    filled); an order without any signal keeps whatever customer it had.
    Lines are replaced when the report lists any. Each stage the order
    reaches for the first time goes to `hooks.on_order_milestones`, where
    journeys records it as an event.
    """
    _check_order(data)
    resolved = None
    if has_signals(data.customer):
        resolved = customer_resolve(
            workspace=workspace,
            signals=data.customer,
            profile=data.profile,
            source=data.source,
            actor=data.source,
        )
    source, external_id = data.source.strip().lower()[:32], data.external_id.strip()
    orders = Order.objects.of(workspace).select_for_update()
    order = orders.filter(source=source, external_id=external_id).first()
    created = order is None
    before: dict[str, datetime | None] = {}
    if order is None:
        try:
            with transaction.atomic():
                order = Order(
                    workspace=workspace,
                    source=source,
                    external_id=external_id[:100],
                    **_order_fields(data),
                )
                order.customer = resolved.customer if resolved else None
                order.full_clean()
                order.save()
        except IntegrityError:
            # A concurrent report of the same order won; update it instead.
            order = orders.get(source=source, external_id=external_id)
            created = False
    history = _history(order)
    if not created:
        before = {name: getattr(order, name) for name in MILESTONES}
        _advance(order, data)
        if resolved is not None:
            order.customer = resolved.customer
        order.updated_at = timezone.now()
        order.save()
    if order.customer_id is not None and order.placed_at is not None:
        # A customer is a customer since their first order, even when the
        # profile was made later (an import, a webhook for an old order).
        Customer.objects.filter(
            pk=order.customer_id, created_at__gt=order.placed_at
        ).update(created_at=order.placed_at)
    if data.lines:
        order.lines.all().delete()
        OrderLine.objects.bulk_create(
            _line(order, position, line) for position, line in enumerate(data.lines)
        )
    hooks.order_milestones(
        workspace, _milestones(order, before, _customer_ref(data.customer))
    )
    _history_changed(workspace, None if created else history, order)
    hooks.order_saved(workspace, order)
    return OrderResult(order=order, created=created, customer=resolved)


@transaction.atomic
def order_remove(*, workspace: Workspace, source: str, external_id: str) -> bool:
    """Forget an order its shop deleted; False when there was none.

    The order and its lines go, so it no longer counts in the customer's
    history or figures; the journey events it caused stay, as what
    happened. A shop that restores the order reports it whole again.
    """
    orders = Order.objects.of(workspace).filter(
        source=source.strip().lower()[:32], external_id=external_id.strip()
    )
    for order in orders:
        _history_changed(workspace, _history(order), None)
    deleted, _counts = orders.delete()
    return deleted > 0


@transaction.atomic
def order_advance(
    *, workspace: Workspace, source: str, external_id: str, status: str, at: datetime
) -> bool:
    """Record that a known order reached a stage, reported on its own (a
    carrier's "delivered"); False when the order is not known.

    Moves forward only, as a whole report does: the status changes when it
    outranks the stored one, and the stage's time is set when none is yet.
    A stage reached for the first time goes to `hooks.on_order_milestones`.
    """
    if status not in STATUS_RANK or f"{status}_at" not in MILESTONES:
        raise InvalidInput(_("Unknown order status."), field="status")
    order = (
        Order.objects.of(workspace)
        .select_for_update()
        .filter(source=source.strip().lower()[:32], external_id=external_id.strip())
        .first()
    )
    if order is None:
        return False
    before = {name: getattr(order, name) for name in MILESTONES}
    history = _history(order)
    if STATUS_RANK[status] > STATUS_RANK[order.status]:
        order.status = status
    if getattr(order, f"{status}_at") is None:
        setattr(order, f"{status}_at", at)
    order.updated_at = timezone.now()
    order.save()
    hooks.order_milestones(workspace, _milestones(order, before, {}))
    _history_changed(workspace, history, order)
    hooks.order_saved(workspace, order)
    return True
