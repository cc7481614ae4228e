"""Reads of customers, always within one workspace.

The 360 view and the export are assembled here from this app's tables and
from the sections the apps below register in `customers.hooks`.
"""

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks, identities
from cxloop.customers.identities import Reading
from cxloop.customers.models import Customer, CustomerMerge, Identity, Order, OrderLine
from cxloop.errors import InvalidInput, NotFound

TIMELINE_LIMIT = 50
CENT = Decimal("0.01")
LOOKUP_FIELDS = ("phone", "email", "external_id")
MAX_ID = 2**63 - 1  # beyond a bigint, PostgreSQL would fail rather than miss


def customer_get(*, workspace: Workspace, pk: int) -> Customer:
    """The profile with this id; a merged id leads to the surviving profile.

    Another workspace's profile, or an erased one, is NotFound.
    """
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("No such customer."))
    customer: Customer | None = Customer.objects.of(workspace).filter(pk=pk).first()
    if customer is not None and customer.merged_into_id is not None:
        customer = (
            Customer.objects.of(workspace).filter(pk=customer.merged_into_id).first()
        )
    if customer is None or customer.erased_at is not None:
        raise NotFound(_("No such customer."))
    return customer


def _reading(workspace: Workspace, field: str, raw: str) -> Reading:
    if field == "phone":
        return identities.read_phone(raw, workspace.phone_region)
    if field == "email":
        return identities.read_email(raw)
    return identities.read_external(raw)


def customer_find(*, workspace: Workspace, kind: str, raw: str) -> Customer | None:
    """The customer a phone (any common spelling), e-mail or shop id names."""
    reading = _reading(workspace, kind, raw)
    if not reading.ok:
        return None
    identity = (
        Identity.objects.of(workspace)
        .filter(verified=True, value=reading.value, kind=reading.kind)
        .select_related("customer")
        .first()
    )
    return identity.customer if identity is not None else None


def customer_lookup(
    *,
    workspace: Workspace,
    phone: str | None = None,
    email: str | None = None,
    external_id: str | None = None,
) -> Customer:
    """Exactly one of phone, e-mail or external id; NotFound when nobody matches."""
    given = {
        name: value
        for name, value in zip(LOOKUP_FIELDS, (phone, email, external_id), strict=True)
        if value is not None and value.strip()
    }
    if len(given) != 1:
        raise InvalidInput(
            _("Give exactly one of phone, email or external_id."),
            field=", ".join(sorted(given) or LOOKUP_FIELDS),
        )
    [(field, raw)] = given.items()
    customer = customer_find(workspace=workspace, kind=field, raw=raw)
    if customer is None:
        raise NotFound(_("No customer matches."))
    return customer


def identity_list(*, customer: Customer) -> list[dict[str, Any]]:
    return [
        {
            "kind": identity.kind,
            "value": identity.value,
            "raw": identity.raw,
            "verified": identity.verified,
            "problem": identity.problem,
            "source": identity.source,
            "created_at": identity.created_at,
        }
        for identity in customer.identities.order_by("kind", "pk")
    ]


def profile_of(customer: Customer) -> dict[str, Any]:
    return {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "locale": customer.locale,
        "timezone": customer.timezone,
        "birthday": customer.birthday,
        "preferred_channel": customer.preferred_channel,
        "preferences": customer.preferences,
        "attributes": customer.attributes,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
    }


def consent_of(customer: Customer) -> dict[str, Any]:
    return {
        "marketing": customer.consent_marketing,
        "surveys": customer.consent_surveys,
        "updated_at": customer.consent_updated_at,
    }


def order_summary(*, customer: Customer) -> dict[str, Any]:
    """Count, revenue net of refunds and cancellations, and what they buy."""
    orders = Order.objects.filter(customer=customer)
    kept = orders.exclude(status=Order.Status.CANCELLED)
    totals = kept.aggregate(
        count=Count("pk"),
        gross=Sum("total"),
        refunded=Sum("refunded_total"),
    )
    count: int = totals["count"]
    # SQLite sums decimals as floats: round back to cents.
    revenue = (
        (totals["gross"] or Decimal(0)) - (totals["refunded"] or Decimal(0))
    ).quantize(CENT)
    last = orders.aggregate(last=Max("placed_at"))["last"]
    currencies = Counter(kept.values_list("currency", flat=True))
    categories = (
        OrderLine.objects.filter(order__in=kept)
        .exclude(category="")
        .values("category")
        .annotate(quantity=Sum("quantity"))
        .order_by("-quantity", "category")
    )
    return {
        "count": count,
        "revenue": revenue,
        "average_order_value": (revenue / count).quantize(CENT) if count else None,
        "currency": currencies.most_common(1)[0][0] if currencies else None,
        "last_order_at": last,
        "categories": [
            {"category": row["category"], "quantity": row["quantity"]}
            for row in categories
        ],
    }


def _order_record(order: Order, *, lines: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": order.pk,
        "source": order.source,
        "external_id": order.external_id,
        "number": order.number,
        "status": order.status,
        "channel": order.channel,
        "currency": order.currency,
        "total": order.total,
        "discount_total": order.discount_total,
        "refunded_total": order.refunded_total,
        "coupon_codes": order.coupon_codes,
        "placed_at": order.placed_at,
        "paid_at": order.paid_at,
        "fulfilled_at": order.fulfilled_at,
        "delivered_at": order.delivered_at,
        "cancelled_at": order.cancelled_at,
        "refunded_at": order.refunded_at,
    }
    if lines:
        record["lines"] = [
            {
                "sku": line.sku,
                "name": line.name,
                "category": line.category,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "discount": line.discount,
            }
            for line in order.lines.all()
        ]
    return record


def order_list(*, customer: Customer, limit: int | None = None) -> list[Order]:
    orders = (
        Order.objects.filter(customer=customer)
        .order_by("-placed_at", "-pk")
        .prefetch_related("lines")
    )
    return list(orders[:limit] if limit else orders)


def _own_timeline(customer: Customer, limit: int) -> list[hooks.TimelineEntry]:
    entries = [
        hooks.TimelineEntry(
            at=order.placed_at,
            kind="order",
            title=f"Order {order.number or order.external_id}",
            data={
                "id": order.pk,
                "status": order.status,
                "total": str(order.total),
                "currency": order.currency,
                "channel": order.channel,
            },
        )
        for order in Order.objects.filter(customer=customer).order_by("-placed_at")[
            :limit
        ]
    ]
    entries += [
        hooks.TimelineEntry(
            at=merge.created_at,
            kind="merge",
            title="Profiles merged",
            data={
                "merged_customer_id": merge.merged_customer_id,
                "actor": merge.actor,
                "reason": merge.reason,
            },
        )
        for merge in CustomerMerge.objects.filter(survivor=customer)[:limit]
    ]
    return entries


def customer_timeline(
    *, workspace: Workspace, customer: Customer, limit: int = TIMELINE_LIMIT
) -> list[dict[str, Any]]:
    """Events, orders, responses and merges, newest first."""
    entries = _own_timeline(customer, limit) + hooks.timeline_of(
        workspace, customer.pk, limit
    )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return [
        {"at": e.at, "kind": e.kind, "title": e.title, "data": e.data}
        for e in entries[:limit]
    ]


def customer_360(*, workspace: Workspace, customer: Customer) -> dict[str, Any]:
    """Everything an agent needs at once when the person calls or writes."""
    return {
        "id": customer.pk,
        "name": customer.full_name,
        "profile": profile_of(customer),
        "consent": consent_of(customer),
        "identities": identity_list(customer=customer),
        "orders": order_summary(customer=customer),
        "recent_orders": [
            _order_record(order) for order in order_list(customer=customer, limit=5)
        ],
        **hooks.summary_of(workspace, customer.pk),
        "timeline": customer_timeline(workspace=workspace, customer=customer),
    }


def customer_export(*, workspace: Workspace, customer: Customer) -> dict[str, Any]:
    """Everything held about the person (right of access), as JSON-safe data."""
    merges = CustomerMerge.objects.filter(survivor=customer).order_by("created_at")
    return {
        "id": customer.pk,
        "profile": profile_of(customer),
        "consent": consent_of(customer),
        "identities": identity_list(customer=customer),
        "orders": [
            _order_record(order, lines=True) for order in order_list(customer=customer)
        ],
        "merges": [
            {
                "merged_customer_id": merge.merged_customer_id,
                "actor": merge.actor,
                "reason": merge.reason,
                "profile_before": merge.snapshot,
                "at": merge.created_at,
            }
            for merge in merges
        ],
        **hooks.export_of(workspace, customer.pk),
    }


def customer_count(*, workspace: Workspace) -> int:
    return Customer.objects.of(workspace).filter(merged_into__isnull=True).count()


def identity_counts(*, workspace: Workspace) -> dict[str, int]:
    rows = (
        Identity.objects.of(workspace)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return dict(rows)
