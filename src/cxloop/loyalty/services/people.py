"""The ledger in a person's life: profiles merging, erasure."""

from collections.abc import Sequence

from django.db import transaction

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.loyalty.models import Account, Entry, Lot
from cxloop.loyalty.services.ledger import _account_lock, _save_balance

# ---------------------------------------------------------------- privacy


def points_erase(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """An erasure keeps the ledger whole (points, sources, balances, audits)
    and blanks the one free text an agent may have written about the
    person: each entry's reason. The entries name the person only by the
    profile's id, which the erasure keeps."""
    entries = Entry.objects.of(workspace).filter(
        customer_id__in=list(subject.customer_ids)
    )
    return {"loyalty_reasons": entries.exclude(reason="").update(reason="")}


# ---------------------------------------------------------------- merging


@transaction.atomic
def points_move_customers(
    workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]
) -> None:
    """A merge: the merged profiles' entries, lots and balances join the
    survivor's account (registered on `customers.hooks.on_merge`).

    Entries keep their points and sources; one whose source the survivor
    already has (both got a first-order bonus, a shop reused a redemption
    id) gets the merged profile's id appended, so each stays unique and no
    point is lost.
    """
    merged = [pk for pk in merged_ids if pk != survivor_id]
    entries = Entry.objects.of(workspace).filter(customer_id__in=merged)
    if not entries.exists():
        return
    survivor = _account_lock(workspace, survivor_id)
    accounts = Account.objects.of(workspace).select_for_update()
    moved = sum(
        accounts.filter(customer_id__in=merged).values_list("balance", flat=True)
    )
    taken = set(
        Entry.objects.of(workspace)
        .filter(customer_id=survivor_id)
        .values_list("source_kind", "source_id")
    )
    for entry in entries.order_by("pk"):
        if (entry.source_kind, entry.source_id) in taken:
            entry.source_id = f"{entry.source_id}~{entry.customer_id}"[-100:]
        taken.add((entry.source_kind, entry.source_id))
        entry.customer_id = survivor_id
        entry.save(update_fields=["customer_id", "source_id"])
    Lot.objects.of(workspace).filter(customer_id__in=merged).update(
        customer_id=survivor_id
    )
    accounts.filter(customer_id__in=merged).delete()
    _save_balance(survivor, moved)
