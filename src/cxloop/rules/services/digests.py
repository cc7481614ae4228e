"""Digest items after the insights app sent them."""

from collections.abc import Collection
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.rules.models import DigestItem

CHUNK = 500  # ids per UPDATE: well inside any database's parameter limit


@transaction.atomic
def digest_items_mark_sent(
    *, workspace: Workspace, item_ids: Collection[int], now: datetime | None = None
) -> int:
    """Mark these items of `workspace` as sent; how many were still due.

    Call it in the transaction that enqueues the digest e-mail, so an item
    is marked exactly when an e-mail carrying it is on its way. An item
    already sent keeps its first time.
    """
    now = now or timezone.now()
    ids = sorted(set(item_ids))
    marked = 0
    for start in range(0, len(ids), CHUNK):
        marked += (
            DigestItem.objects.of(workspace)
            .filter(pk__in=ids[start : start + CHUNK], sent_at__isnull=True)
            .update(sent_at=now)
        )
    return marked
