"""Registries through which apps further down take part in a person's life.

Journey events and survey responses point at customers, but `customers`
sits above those apps and cannot import them. They register here from their
`AppConfig.ready()`: a merge, an anonymous visitor identifying, an export,
an erasure, the 360 timeline and an order's milestones then reach them.
Every hook runs inside the caller's transaction.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import BigIntegerField, Case, QuerySet, Value, When

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Order


@dataclass(frozen=True)
class TimelineEntry:
    """One thing on a person's timeline; `data` must be JSON-safe."""

    at: datetime
    kind: str  # "event", "order", "response", "merge"…
    title: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ErasureSubject:
    """Whom to erase: the profile, the profiles merged into it, their values.

    `identities` are the normalised values (`("email", "a@b.ee")`) for rows
    that name the person by value rather than by foreign key.
    """

    customer_ids: tuple[int, ...]
    identities: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OrderMilestone:
    """An order reached a stage (`order_placed`, `order_paid`…) at a time."""

    type: str
    at: datetime
    order_id: int
    customer_id: int | None
    source: str
    external_id: str
    properties: dict[str, Any] = field(default_factory=dict)


# survivor id, merged ids: move whatever points at the merged profiles.
MergeHook = Callable[[Workspace, int, Sequence[int]], None]
# anonymous id → customer id: earlier anonymous rows join the profiles.
IdentifyHook = Callable[[Workspace, Mapping[str, int]], None]
# Erase personal data; returns counts for the erasure record.
EraseHook = Callable[[Workspace, ErasureSubject], dict[str, int]]
# customer id → JSON-safe data about the person.
ExportSection = Callable[[Workspace, int], Any]
# customer id, limit → newest entries first.
TimelineSource = Callable[[Workspace, int, int], list[TimelineEntry]]
OrderHook = Callable[[Workspace, Sequence[OrderMilestone]], None]
# customer id → the earliest `placed_at` the change touches: the customer's
# history from then on is different (an order added, moved, re-valued,
# cancelled or removed).
OrdersChangedHook = Callable[[Workspace, Mapping[int, datetime]], None]
# The order as stored after a report (with its lines): whatever follows an
# order's money (e.g. loyalty points for a paid, refunded or cancelled
# order) reads its state here. Runs on every report, so it must be
# idempotent.
OrderSavedHook = Callable[[Workspace, Order], None]

_merge: list[MergeHook] = []
_identify: list[IdentifyHook] = []
_erase: list[EraseHook] = []
_export: dict[str, ExportSection] = {}
_summary: dict[str, ExportSection] = {}
_timeline: list[TimelineSource] = []
_order: list[OrderHook] = []
_orders_changed: list[OrdersChangedHook] = []
_order_saved: list[OrderSavedHook] = []


def _add(registry: list[Any], hook: Any) -> None:
    # ready() may run more than once (tests, reloads); register once.
    if hook not in registry:
        registry.append(hook)


def on_merge(hook: MergeHook) -> None:
    _add(_merge, hook)


def on_identify(hook: IdentifyHook) -> None:
    _add(_identify, hook)


def on_erase(hook: EraseHook) -> None:
    _add(_erase, hook)


def export_sections(name: str, section: ExportSection) -> None:
    """Add `name` to every export: everything the app holds about the person."""
    _export[name] = section


def summary_sections(name: str, section: ExportSection) -> None:
    """Add `name` to the 360 view: a short summary, e.g. the latest feedback."""
    _summary[name] = section


def timeline_sources(source: TimelineSource) -> None:
    _add(_timeline, source)


def on_order_milestones(hook: OrderHook) -> None:
    _add(_order, hook)


def on_orders_changed(hook: OrdersChangedHook) -> None:
    """Whatever a customer's order history feeds (e.g. the metrics rollup's
    new/returning segment) hears of every change to it."""
    _add(_orders_changed, hook)


def on_order_saved(hook: OrderSavedHook) -> None:
    _add(_order_saved, hook)


# Called by customers.services and customers.selectors only.


def merged(workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]) -> None:
    for hook in _merge:
        hook(workspace, survivor_id, merged_ids)


def identified(workspace: Workspace, owners: Mapping[str, int]) -> None:
    if owners:
        for hook in _identify:
            hook(workspace, owners)


def erased(workspace: Workspace, subject: ErasureSubject) -> dict[str, int]:
    counts: dict[str, int] = {}
    for hook in _erase:
        counts.update(hook(workspace, subject))
    return counts


def export_of(workspace: Workspace, customer_id: int) -> dict[str, Any]:
    return {name: section(workspace, customer_id) for name, section in _export.items()}


def summary_of(workspace: Workspace, customer_id: int) -> dict[str, Any]:
    return {name: section(workspace, customer_id) for name, section in _summary.items()}


def timeline_of(
    workspace: Workspace, customer_id: int, limit: int
) -> list[TimelineEntry]:
    entries = [
        entry for source in _timeline for entry in source(workspace, customer_id, limit)
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def order_milestones(
    workspace: Workspace, milestones: Sequence[OrderMilestone]
) -> None:
    if milestones:
        for hook in _order:
            hook(workspace, milestones)


def orders_changed(workspace: Workspace, changes: Mapping[int, datetime]) -> None:
    if changes:
        for hook in _orders_changed:
            hook(workspace, changes)


def order_saved(workspace: Workspace, order: Order) -> None:
    for hook in _order_saved:
        hook(workspace, order)


def owner_case(field: str, owners: Mapping[str, int]) -> Case:
    """`CASE field WHEN value THEN customer_id …`: one UPDATE for many owners."""
    return Case(
        *(When(**{field: value}, then=Value(pk)) for value, pk in owners.items()),
        output_field=BigIntegerField(),
    )


def rows_move(rows: QuerySet[Any], survivor_id: int, merged_ids: Sequence[int]) -> None:
    """A merge for the rows of a lower app: the merged profiles' rows move over."""
    rows.filter(customer_id__in=list(merged_ids)).update(customer_id=survivor_id)


def rows_identify(rows: QuerySet[Any], owners: Mapping[str, int]) -> None:
    """Rows a visitor left anonymously (`anonymous_id`) join their new profile."""
    unlinked = rows.filter(anonymous_id__in=list(owners), customer__isnull=True)
    # Usually nobody browsed anonymously first: skip building the CASE.
    present = set(unlinked.values_list("anonymous_id", flat=True).distinct())
    if present:
        unlinked.filter(anonymous_id__in=present).update(
            customer_id=owner_case(
                "anonymous_id", {key: owners[key] for key in present}
            )
        )
