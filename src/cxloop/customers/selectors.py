"""Reads of customers, always within one workspace.

The 360 view and the export are assembled here from this app's tables and
from the sections the apps below register in `customers.hooks`.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import JSONObject
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks, identities
from cxloop.customers.identities import Reading
from cxloop.customers.inputs import IdentitySignals
from cxloop.customers.models import (
    Customer,
    CustomerMerge,
    Erasure,
    Identity,
    Order,
    OrderLine,
)
from cxloop.errors import InvalidInput, NotFound

TIMELINE_LIMIT = 50
CENT = Decimal("0.01")
LOOKUP_FIELDS = ("phone", "email", "external_id")
MAX_ID = 2**63 - 1  # beyond a bigint, PostgreSQL would fail rather than miss
SEARCH_LIMIT = 20
# The sources a bare shop id may come from: the shop platforms the
# integrations app speaks, and the sender's own numbers (`api:`).
SHOP_SOURCES = ("shopify", "woocommerce", "magento", identities.DEFAULT_EXTERNAL_SOURCE)
_PHONE_LIKE = re.compile(r"[\d\s+().\-/]+")
_BARE_ID = re.compile(r"[\w.\-]+")
_SOURCE_PREFIX = re.compile(r"[A-Za-z][\w.\-]*:\s*\S")
MIN_PHONE_DIGITS = 5


def customer_get(
    *, workspace: Workspace, pk: int, include_erased: bool = False
) -> Customer:
    """The profile with this id; a merged id leads to the surviving profile.

    Another workspace's profile is NotFound, and so is an erased one unless
    `include_erased`: the dashboard shows an erased profile (anonymised,
    with when and by whom) so that an agent following an old link learns
    what happened to it.
    """
    if not 0 < pk <= MAX_ID:
        raise NotFound(_("No such customer."))
    customer: Customer | None = Customer.objects.of(workspace).filter(pk=pk).first()
    if customer is not None and customer.merged_into_id is not None:
        customer = (
            Customer.objects.of(workspace).filter(pk=customer.merged_into_id).first()
        )
    if customer is None or (customer.erased_at is not None and not include_erased):
        raise NotFound(_("No such customer."))
    return customer


def erasure_latest(*, customer: Customer) -> Erasure | None:
    """The record of the profile's erasure, if it was erased."""
    return customer.erasures.order_by("-created_at", "-pk").first()


def _reading(workspace: Workspace, field: str, raw: str) -> Reading:
    if field == "phone":
        return identities.read_phone(raw, workspace.phone_region)
    if field == "email":
        return identities.read_email(raw)
    return identities.read_external(raw)


def signals_read(*, signals: IdentitySignals, region: str) -> list[Reading]:
    """Every identity the signals name, read as resolution would read them."""
    return identities.read_signals(signals, region=region)


def identity_value(*, workspace: Workspace, kind: str, raw: str) -> str:
    """An e-mail, phone or `source:id` as it is stored; unreadable: as given."""
    return _reading(workspace, kind, raw).value or raw.strip()


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


@dataclass(frozen=True)
class CustomerSearch:
    """What one typed string was read as, and who matched.

    `searched` lists each reading tried, as (kind, value): kind is one of the
    identity kinds or "name", value the normalised form that was looked up.
    """

    text: str
    searched: tuple[tuple[str, str], ...] = ()
    customers: list[Customer] = field(default_factory=list)


def _search_readings(workspace: Workspace, text: str) -> list[Reading]:
    """Every identity the text could be, most specific first.

    An @ makes an e-mail and `source:id` a shop id. A string of digits and
    phone punctuation is a phone number of the workspace's region; without
    spaces it may as well be a bare shop id, so both are tried.
    """
    if "@" in text:
        return [identities.read_email(text)]
    if _SOURCE_PREFIX.match(text):
        return [identities.read_external(text)]
    readings = []
    digits = sum(char.isdigit() for char in text)
    if _PHONE_LIKE.fullmatch(text) and digits >= MIN_PHONE_DIGITS:
        readings.append(identities.read_phone(text, workspace.phone_region))
    if _BARE_ID.fullmatch(text):
        readings += [identities.read_external(f"{s}:{text}") for s in SHOP_SOURCES]
    return readings


def _by_identity(workspace: Workspace, readings: list[Reading]) -> list[Customer]:
    if not readings:
        return []
    matches = (
        Identity.objects.of(workspace)
        .filter(
            verified=True,
            kind__in={r.kind for r in readings},
            value__in={r.value for r in readings},
        )
        .values_list("kind", "value", "customer_id")
    )
    wanted = {r.key for r in readings}
    ids = [pk for kind, value, pk in matches if (kind, value) in wanted]
    return _active(workspace, ids)


def _active(workspace: Workspace, ids: list[int]) -> list[Customer]:
    """The live profiles behind `ids`, following merges, in the given order."""
    rows = Customer.objects.of(workspace).filter(pk__in=ids)
    survivor = {c.pk: c.merged_into_id or c.pk for c in rows}
    live = customer_list(workspace=workspace).filter(pk__in=set(survivor.values()))
    by_pk = {customer.pk: customer for customer in live}
    ordered = dict.fromkeys(survivor[pk] for pk in ids if pk in survivor)
    return [by_pk[pk] for pk in ordered if pk in by_pk]


def _by_name(workspace: Workspace, text: str) -> list[Customer]:
    """Profiles whose first or last name contains every word typed."""
    words = text.split()
    if not words or not any(char.isalpha() for char in text):
        return []
    query = Q()
    for word in words:
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    found = (
        customer_list(workspace=workspace).filter(query).order_by("-updated_at", "-pk")
    )
    return list(found[:SEARCH_LIMIT])


def customer_search(*, workspace: Workspace, text: str) -> CustomerSearch:
    """The customers one search box names: a phone, an e-mail, a shop id or a name.

    Phones may be typed the local way ("5123 4567" in an Estonian workspace).
    Identity matches come first; a name is searched only when the text is
    not plainly an identity.
    """
    text = text.replace("\x00", "").strip()
    if not text:
        return CustomerSearch(text="")
    readings = [r for r in _search_readings(workspace, text) if r.ok]
    searched = [reading.key for reading in readings]
    customers = _by_identity(workspace, readings)
    if "@" not in text and not any(r.kind == Identity.Kind.PHONE for r in readings):
        searched.append(("name", text))
        known = {customer.pk for customer in customers}
        customers += [c for c in _by_name(workspace, text) if c.pk not in known]
    return CustomerSearch(
        text=text, searched=tuple(searched), customers=customers[:SEARCH_LIMIT]
    )


def customer_list(
    *, workspace: Workspace, identified_only: bool = False
) -> QuerySet[Customer]:
    """Live profiles, newest first, with their order count and last order.

    `identified_only` leaves out the profiles known by browser ids alone
    (anonymous visitors): those with a name or any other identity stay.
    """
    customers: QuerySet[Customer] = (
        Customer.objects.of(workspace)
        .filter(merged_into__isnull=True, erased_at__isnull=True)
        .annotate(order_count=Count("orders"), last_order_at=Max("orders__placed_at"))
        .prefetch_related("identities")
        .order_by("-created_at", "-pk")
    )
    if identified_only:
        known = Identity.objects.filter(customer=OuterRef("pk")).exclude(
            kind=Identity.Kind.ANONYMOUS
        )
        customers = customers.filter(
            ~Q(first_name="") | ~Q(last_name="") | Exists(known)
        )
    return customers


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


def customer_email(*, customer: Customer) -> str:
    """The address to write to: a verified e-mail first, else the newest one."""
    identity = (
        customer.identities.filter(kind=Identity.Kind.EMAIL)
        .exclude(value="")
        .order_by("-verified", "-pk")
        .first()
    )
    return identity.value if identity is not None else ""


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
                "number": order.number or order.external_id,
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


def customer_profile(
    *, workspace: Workspace, customer: Customer, orders_limit: int
) -> dict[str, Any]:
    """The dashboard's profile page: the 360 view, orders with lines, erasure."""
    return {
        **customer_360(workspace=workspace, customer=customer),
        "customer": customer,
        "order_list": order_list(customer=customer, limit=orders_limit),
        "erasure": erasure_latest(customer=customer) if customer.erased_at else None,
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


# The shop integrations name orders by (source, external id); these answer
# them without reaching into this app's tables.

# Far below SQLite's 32,766 bound variables, and short enough for one query.
ID_CHUNK = 500


def order_keys_of(
    *, workspace: Workspace, customer_ids: Iterable[int]
) -> set[tuple[str, str]]:
    """The (source, external id) of every order of these profiles."""
    keys: set[tuple[str, str]] = set()
    ids = list(customer_ids)
    for start in range(0, len(ids), ID_CHUNK):
        keys.update(
            Order.objects.of(workspace)
            .filter(customer_id__in=ids[start : start + ID_CHUNK])
            .values_list("source", "external_id")
        )
    return keys


def order_external_ids(
    *, workspace: Workspace, source: str, external_ids: Iterable[str]
) -> list[str]:
    """Which of these external ids name an order held from `source`."""
    ids = list(dict.fromkeys(external_ids))
    found: list[str] = []
    for start in range(0, len(ids), ID_CHUNK):
        found.extend(
            Order.objects.of(workspace)
            .filter(source=source, external_id__in=ids[start : start + ID_CHUNK])
            .values_list("external_id", flat=True)
        )
    return found


def order_owner_ids(
    *, workspace: Workspace, source: str, external_ids: Iterable[str]
) -> set[int]:
    """The profiles owning these orders of `source`."""
    ids = list(dict.fromkeys(external_ids))
    owners: set[int] = set()
    for start in range(0, len(ids), ID_CHUNK):
        owners.update(
            Order.objects.of(workspace)
            .filter(source=source, external_id__in=ids[start : start + ID_CHUNK])
            .exclude(customer=None)
            .values_list("customer_id", flat=True)
        )
    return owners


def order_owners(
    *, workspace: Workspace, source: str, external_ids: Iterable[str]
) -> list[Customer]:
    """The profiles owning these orders of `source`, erased ones included."""
    owners = order_owner_ids(
        workspace=workspace, source=source, external_ids=external_ids
    )
    ids = sorted(owners)
    found: list[Customer] = []
    for start in range(0, len(ids), ID_CHUNK):
        found.extend(
            Customer.objects.of(workspace)
            .filter(pk__in=ids[start : start + ID_CHUNK])
            .order_by("pk")
        )
    return found


def customers_without_orders(
    *, workspace: Workspace, customer_ids: Iterable[int]
) -> list[Customer]:
    """Those of these profiles, not erased, that hold no order at all."""
    ids = list(dict.fromkeys(customer_ids))
    found: list[Customer] = []
    for start in range(0, len(ids), ID_CHUNK):
        found.extend(
            Customer.objects.of(workspace)
            .filter(pk__in=ids[start : start + ID_CHUNK], erased_at=None)
            .exclude(Exists(Order.objects.filter(customer=OuterRef("pk"))))
            .order_by("pk")
        )
    return found


def order_count(*, customer: Customer) -> int:
    """How many orders the profile holds."""
    return Order.objects.filter(customer=customer).count()


def order_dates(
    *, workspace: Workspace, customer_ids: Iterable[int]
) -> dict[int, list[datetime]]:
    """When each of these profiles ordered (cancelled orders left out), oldest
    first; for comparisons such as orders after a closed case."""
    ids = sorted(set(customer_ids))
    dates: dict[int, list[datetime]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        rows = (
            Order.objects.of(workspace)
            .filter(customer_id__in=ids[start : start + ID_CHUNK])
            .exclude(status=Order.Status.CANCELLED)
            .order_by("placed_at")
            .values_list("customer_id", "placed_at")
        )
        for customer_id, placed_at in rows:
            dates.setdefault(customer_id, []).append(placed_at)
    return dates


# What customers did after a moment another app knows (insights links survey
# answers to orders with these, in one query over the answers) -------------

# Orders read to learn the shop's usual time between orders; a bigger shop
# is sampled by customer, so a sampled customer's gaps are all there.
GAP_SAMPLE_ORDERS = 20_000


def orders_between(
    *,
    workspace: Workspace,
    customer: OuterRef,
    after: OuterRef,
    until: OuterRef,
    currency: str | None,
) -> Subquery:
    """A subquery for annotating another app's rows with a customer's orders
    (cancelled ones left out) placed after `after` and up to `until`, in one
    range of the (customer, placed_at) index.

    It gives JSON {"orders": how many, "revenue": their total net of
    refunds in `currency` only} (orders in other currencies count, but add
    no revenue); NULL when the customer placed none.
    """
    # No workspace condition: the customer is the workspace's already, and
    # with one SQLite reads the workspace's orders-by-date index instead of
    # the customer's (seconds instead of milliseconds over a year of answers).
    kept = (
        Order.objects.filter(
            customer_id=customer, placed_at__gt=after, placed_at__lte=until
        )
        .exclude(status=Order.Status.CANCELLED)
        .order_by()
        .values("customer_id")
    )
    net = Sum(F("total") - F("refunded_total"), filter=Q(currency=currency or ""))
    figures = JSONObject(orders=Count("pk"), revenue=net)
    return Subquery(kept.annotate(figures=figures).values("figures"))


def ordered_between(
    *, workspace: Workspace, customer: OuterRef, after: OuterRef, until: OuterRef
) -> Exists:
    """Whether the customer placed an order (not cancelled) after `after` and
    up to `until`; for annotating another app's rows."""
    # No workspace condition, as in `orders_between`.
    return Exists(
        Order.objects.filter(
            customer_id=customer, placed_at__gt=after, placed_at__lte=until
        ).exclude(status=Order.Status.CANCELLED)
    )


def order_currency(*, workspace: Workspace) -> str | None:
    """The currency most of the shop's latest 1,000 orders are in."""
    latest = (
        Order.objects.of(workspace)
        .order_by("-placed_at")
        .values_list("currency", flat=True)[:1000]
    )
    counted = Counter(latest)
    return counted.most_common(1)[0][0] if counted else None


def order_gaps(
    *, workspace: Workspace, sample: int = GAP_SAMPLE_ORDERS
) -> list[timedelta]:
    """The time between each customer's consecutive orders (cancelled ones
    left out), over all of them or, when the shop holds more than `sample`
    orders, over every k-th customer's so that about `sample` are read."""
    customers = Customer.objects.of(workspace)
    orders = Order.objects.of(workspace).count()
    step = math.ceil(orders / sample) if sample > 0 else 1
    if step > 1:
        customers = customers.annotate(bucket=F("pk") % step).filter(bucket=0)
    # Unordered: ordered by customer, SQLite walks the customer index of
    # every workspace's orders instead of this one's (0.5 s for 1,000).
    rows = (
        Order.objects.of(workspace)
        .filter(customer_id__in=customers.values("pk"))
        .exclude(status=Order.Status.CANCELLED)
        .order_by()
        .values_list("customer_id", "placed_at")
    )
    moments: dict[int, list[datetime]] = {}
    for customer_id, placed_at in rows:
        moments.setdefault(customer_id, []).append(placed_at)
    gaps: list[timedelta] = []
    for times in moments.values():
        times.sort()
        gaps.extend(later - earlier for earlier, later in pairwise(times))
    return gaps
