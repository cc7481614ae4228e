"""What other apps hand to `customers` about a person or an order.

Platform adapters (`integrations`), the events API and CSV imports map their
payloads onto these plain values; `customers.services` resolves identities and
stores them. Values arrive as the source wrote them (an e-mail in any case, a
phone "5123 4567"); normalising them is the customers app's job.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class IdentitySignals:
    """Every way the source names the person; any one of them may be missing."""

    email: str | None = None
    phone: str | None = None
    # "<source>:<id>", e.g. "shopify:7512339038392", "pos:4411".
    external_ids: tuple[str, ...] = ()
    anonymous_id: str | None = None
    # ISO 3166-1 alpha-2 of the person's address, used to read a local phone number.
    country: str | None = None


@dataclass(frozen=True)
class ProfileData:
    """Profile fields the source knows; None leaves the stored value unchanged."""

    first_name: str | None = None
    last_name: str | None = None
    locale: str | None = None
    birthday: date | None = None
    consent_marketing: bool | None = None
    consent_surveys: bool | None = None
    # Added by customers (optional): IANA zone, "email" | "sms" | "phone" |
    # "none", stated preferences (e.g. {"categories": ["coffee"]}) and any
    # other facts the source keeps (tags, tier); dicts are merged key by key.
    timezone: str | None = None
    preferred_channel: str | None = None
    preferences: Mapping[str, Any] | None = None
    attributes: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class OrderLineData:
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    category: str = ""
    discount: Decimal = Decimal("0")
    external_id: str = ""


@dataclass(frozen=True)
class OrderData:
    """One order as a shop reports it; upserted on (source, external_id)."""

    source: str  # "shopify", "woocommerce", "magento", "pos", "import"
    external_id: str
    number: str
    status: str  # "placed", "paid", "fulfilled", "delivered", "cancelled", "refunded"
    currency: str  # ISO 4217
    total: Decimal
    placed_at: datetime
    customer: IdentitySignals
    profile: ProfileData = field(default_factory=ProfileData)
    channel: str = "web"  # "web", "store", "phone"
    discount_total: Decimal = Decimal("0")
    refunded_total: Decimal = Decimal("0")
    coupon_codes: tuple[str, ...] = ()
    paid_at: datetime | None = None
    fulfilled_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    refunded_at: datetime | None = None
    lines: tuple[OrderLineData, ...] = ()


@dataclass(frozen=True)
class CustomerData:
    """A customer record from a shop (customers/create, customer.created)."""

    source: str
    identities: IdentitySignals
    profile: ProfileData = field(default_factory=ProfileData)
