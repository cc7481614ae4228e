"""Reads of the points ledger, always scoped to one workspace."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer
from cxloop.loyalty.models import Account, Entry, Lot, Programme

ENTRIES_SHOWN = 50
EXPIRING_SHOWN = 5


def programme_of(*, workspace: Workspace) -> Programme | None:
    """The workspace's programme; None until one is set up (nothing earns)."""
    return Programme.objects.of(workspace).first()


def balance_of(*, workspace: Workspace, customer_id: int) -> int:
    balance = (
        Account.objects.of(workspace)
        .filter(customer_id=customer_id)
        .values_list("balance", flat=True)
        .first()
    )
    return balance or 0


def entry_list(
    *, workspace: Workspace, customer_id: int, limit: int = ENTRIES_SHOWN
) -> list[Entry]:
    """The customer's ledger, newest first."""
    entries = Entry.objects.of(workspace).filter(customer_id=customer_id)
    return list(entries.order_by("-created_at", "-pk")[:limit])


def expiring(
    *, workspace: Workspace, customer_id: int, limit: int = EXPIRING_SHOWN
) -> list[dict[str, Any]]:
    """Points still held that will expire, soonest first, summed per moment."""
    rows = (
        Lot.objects.of(workspace)
        .filter(customer_id=customer_id, remaining__gt=0, expires_at__isnull=False)
        .values("expires_at")
        .annotate(points=Sum("remaining"))
        .order_by("expires_at")[:limit]
    )
    return [{"points": row["points"], "expires_at": row["expires_at"]} for row in rows]


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "points": entry.points,
        "source_kind": entry.source_kind,
        "source_id": entry.source_id,
        "order_id": entry.order_id,
        "expires_at": entry.expires_at,
        "reverses": entry.reverses_id,
        "shortfall": entry.shortfall,
        "reason": entry.reason,
        "actor": entry.actor,
        "created_at": entry.created_at,
    }


def loyalty_of(*, workspace: Workspace, customer: Customer) -> dict[str, Any]:
    """The customer's balance, ledger and the points about to expire."""
    return {
        "balance": balance_of(workspace=workspace, customer_id=customer.pk),
        "entries": [
            entry_record(entry)
            for entry in entry_list(workspace=workspace, customer_id=customer.pk)
        ],
        "expiring": expiring(workspace=workspace, customer_id=customer.pk),
    }


def loyalty_summary(workspace: Workspace, customer_id: int) -> dict[str, Any]:
    """The 360 view's line: balance and the next points to expire."""
    programme = programme_of(workspace=workspace)
    return {
        "programme": programme is not None and programme.enabled,
        "balance": balance_of(workspace=workspace, customer_id=customer_id),
        "expiring": expiring(workspace=workspace, customer_id=customer_id, limit=1),
    }


def loyalty_export(workspace: Workspace, customer_id: int) -> list[dict[str, Any]]:
    """Every ledger entry of the person, oldest first (right of access)."""
    entries = Entry.objects.of(workspace).filter(customer_id=customer_id)
    return [entry_record(entry) for entry in entries.order_by("created_at", "pk")]


@dataclass(frozen=True)
class Mismatch:
    """An account whose stored balance disagrees with its entries or lots."""

    workspace: str
    customer_id: int
    stored: int
    entries: int
    lots: int

    @property
    def is_negative(self) -> bool:
        return min(self.stored, self.entries, self.lots) < 0


def ledger_check(*, workspace: Workspace | None = None) -> list[Mismatch]:
    """Recompute every balance from the entries and from the lots.

    The three must agree and none may be negative; customers with entries
    but no account row count as a stored balance of 0.
    """
    accounts = (
        Account.objects.all() if workspace is None else Account.objects.of(workspace)
    )
    entries = Entry.objects.all() if workspace is None else Entry.objects.of(workspace)
    lots = Lot.objects.all() if workspace is None else Lot.objects.of(workspace)
    stored = {
        (row["workspace_id"], row["customer_id"]): row["balance"]
        for row in accounts.values("workspace_id", "customer_id", "balance")
    }
    summed = {
        (row["workspace_id"], row["customer_id"]): row["total"]
        for row in entries.values("workspace_id", "customer_id").annotate(
            total=Sum("points")
        )
    }
    held = {
        (row["workspace_id"], row["customer_id"]): row["total"]
        for row in lots.values("workspace_id", "customer_id").annotate(
            total=Sum("remaining")
        )
    }
    slugs = dict(Workspace.objects.values_list("pk", "slug"))
    mismatches = []
    for key in sorted(stored.keys() | summed.keys() | held.keys()):
        balance = stored.get(key, 0)
        total, remaining = summed.get(key, 0), held.get(key, 0)
        if balance == total == remaining and balance >= 0:
            continue
        mismatches.append(
            Mismatch(slugs.get(key[0], str(key[0])), key[1], balance, total, remaining)
        )
    return mismatches
