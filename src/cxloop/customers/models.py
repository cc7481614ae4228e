from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel


class Customer(TenantModel):
    """One person, however many e-mails, phones, shop ids and browsers they use.

    A profile that was merged into another keeps its row with `merged_into`
    set, so an old id still leads to the person. An erased profile keeps its
    row without any personal data (`erased_at`), so that order totals and
    scores still add up.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        PHONE = "phone", _("Phone call")
        NONE = "none", _("Do not contact")

    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    locale = models.CharField(_("language"), max_length=8, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    # None: the person never said. Marketing needs an explicit yes.
    consent_marketing = models.BooleanField(
        _("marketing consent"), null=True, blank=True
    )
    consent_surveys = models.BooleanField(_("survey consent"), null=True, blank=True)
    consent_updated_at = models.DateTimeField(null=True, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=8, choices=Channel.choices, blank=True
    )
    # What the person told us they like, e.g. {"categories": ["coffee"]}.
    preferences = models.JSONField(default=dict, blank=True)
    # Anything a source knows that has no column (shop tags, loyalty tier…).
    attributes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), default=now)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["workspace", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.full_name or f"Customer {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None and self.erased_at is None


class Identity(TenantModel):
    """One way to recognise a customer: an e-mail, a phone, a shop id, a browser.

    `value` is the normalised form (lower-cased e-mail, E.164 phone,
    `source:id`), and only `verified` identities take part in matching: a
    value that could not be read (an e-mail without @, a phone with too few
    digits) is kept in `raw` with `problem` saying why, and never matches
    anything. A verified value belongs to one customer per workspace.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        EXTERNAL = "external", _("External id")
        ANONYMOUS = "anonymous", _("Anonymous id")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="identities"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.CharField(max_length=320, blank=True)
    raw = models.CharField(max_length=320, blank=True)
    verified = models.BooleanField(default=False)
    problem = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            # (workspace, value) leads, so that a batch's `value IN (…)` and a
            # lookup of one value both use this index.
            models.UniqueConstraint(
                fields=["workspace", "value", "kind"],
                condition=Q(verified=True),
                name="identity_unique_verified_value",
            )
        ]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value or self.raw}"


class CustomerMerge(TenantModel):
    """The record that two profiles turned out to be one person.

    `snapshot` keeps the merged profile's fields as they were, so nothing the
    merge overwrote is lost (and an erasure can scrub it).
    """

    survivor = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="merges"
    )
    merged_customer_id = models.BigIntegerField()
    actor = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500)
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_customer_id} → {self.survivor_id}"


class Erasure(TenantModel):
    """Proof that a person's data was erased: when, by whom, what was removed.

    Holds no personal data itself: only the profile's id and counts.
    """

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="erasures"
    )
    actor = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"Erasure of {self.customer_id}"


class Order(TenantModel):
    """An order as its shop reports it, upserted on (source, external_id)."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Placed")
        PAID = "paid", _("Paid")
        FULFILLED = "fulfilled", _("Fulfilled")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")

    class Channel(models.TextChoices):
        WEB = "web", _("Web shop")
        STORE = "store", _("Store")
        PHONE = "phone", _("Phone")

    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        db_index=False,  # led by the (customer, -placed_at) index below
    )
    source = models.CharField(max_length=32)
    external_id = models.CharField(max_length=100)
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    channel = models.CharField(
        max_length=8, choices=Channel.choices, default=Channel.WEB
    )
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    discount_total = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal(0)
    )
    refunded_total = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal(0)
    )
    coupon_codes = models.JSONField(default=list, blank=True)
    placed_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"],
                name="order_unique_per_source",
            )
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["customer", "-placed_at"]),
            models.Index(fields=["workspace", "-placed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.number or self.external_id}"


class OrderLine(models.Model):
    """One product in an order; the order's lines are replaced on update."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    sku = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=200, blank=True)
    quantity = models.IntegerField(default=1)
    unit_price = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal(0)
    )
    discount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    external_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "position"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku or self.name}"

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity - self.discount
