"""The points ledger: a programme per workspace, accounts, entries and lots.

Entries are never edited or deleted: a correction is a new entry. The one
mutable number per credit is its lot's `remaining`, which redemptions,
reversals and expiry draw down; the account's `balance` is a cache of the
sum of entries, updated in the same transaction as every entry and checked
by `cxloop loyalty check`.
"""

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel

DEFAULT_EXPIRY_DAYS = 365


class Programme(TenantModel):
    """How a workspace's customers earn points: one programme per workspace.

    `category_multipliers` maps an order line's category (as the shop
    reports it, compared case-insensitively) to a factor, e.g.
    `{"coffee": "2"}`: coffee earns double.
    """

    enabled = models.BooleanField(_("enabled"), default=True)
    points_per_unit = models.DecimalField(
        _("points per currency unit"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(1),
    )
    category_multipliers = models.JSONField(default=dict, blank=True)
    first_order_bonus = models.PositiveIntegerField(_("first-order bonus"), default=0)
    expiry_days = models.PositiveIntegerField(
        _("points expire after (days)"), default=DEFAULT_EXPIRY_DAYS
    )
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace"], name="loyalty_programme_one_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"Programme of workspace {self.workspace_id}"

    def multiplier(self, category: str) -> Decimal:
        factors = {
            str(key).strip().lower(): value
            for key, value in self.category_multipliers.items()
        }
        return Decimal(str(factors.get(category.strip().lower(), 1)))


class Account(TenantModel):
    """A customer's points: the row every writer locks, with the balance.

    `balance` always equals the sum of the customer's entries and the sum of
    their lots' `remaining`, and is never negative (a database constraint
    as well as the services' rule).
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+"
    )
    balance = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "customer"], name="loyalty_account_per_customer"
            ),
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="loyalty_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.balance} points of customer {self.customer_id}"


class Entry(TenantModel):
    """One immutable line of the ledger: points in (positive) or out.

    Each entry is unique per customer on its source (`source_kind`,
    `source_id`): the order that earned it, the refund state that reversed
    it, the shop's redemption id, the manual adjustment's id. A redelivered
    webhook or a retried task then finds the entry and writes nothing.
    A debit records which lots it drew from (`draws`, `[[lot id, points]]`)
    so that reversing it gives the points back to the same lots. A reversal
    that could not take all it should (the points were spent already) keeps
    the rest in `shortfall`: the balance never goes negative.
    """

    class Kind(models.TextChoices):
        EARN = "earn", _("Earned")
        REDEEM = "redeem", _("Redeemed")
        EXPIRE = "expire", _("Expired")
        ADJUST = "adjust", _("Adjusted")
        REVERSE = "reverse", _("Reversed")

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    points = models.BigIntegerField()
    source_kind = models.CharField(max_length=32)
    source_id = models.CharField(max_length=100)
    expires_at = models.DateTimeField(null=True, blank=True)
    # The order an entry is about (earn, first-order bonus, refund, cancel).
    order_id = models.BigIntegerField(null=True, blank=True)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shortfall = models.BigIntegerField(default=0)
    draws = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    actor = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "entries"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "customer", "source_kind", "source_id"],
                name="loyalty_entry_once_per_source",
            ),
            models.CheckConstraint(
                condition=Q(shortfall__gte=0), name="loyalty_shortfall_not_negative"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["customer", "-created_at"]),
            models.Index(fields=["customer", "order_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.points:+d} ({self.source_kind}:{self.source_id})"


class Lot(TenantModel):
    """What is left of one credit (an earn or a positive adjustment).

    Debits draw lots down soonest-expiring first; expiry takes only what a
    lot still holds when its time comes.
    """

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="lot")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+"
    )
    remaining = models.BigIntegerField()
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0), name="loyalty_lot_not_negative"
            ),
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(
                fields=["expires_at"],
                condition=Q(remaining__gt=0),
                name="loyalty_lot_open_by_expiry",
            ),
            models.Index(fields=["customer", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.remaining} left of entry {self.entry_id}"
