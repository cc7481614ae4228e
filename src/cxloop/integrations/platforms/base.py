"""What every platform adapter shares: parsed values, errors and field readers.

Adapters are pure: bytes and headers in, values of `customers.inputs` out.
They read a payload defensively, since shops add, drop and rename fields
between API versions: a missing optional field is None, a missing required
one raises `PayloadError` naming it.
"""

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from cxloop.customers.inputs import CustomerData, OrderData
from cxloop.errors import MAX_JSON_DEPTH, JsonTooDeep, json_depth_check

# Headers as the service hands them to adapters: names in lower case.
Headers = Mapping[str, str]
Payload = dict[str, Any]

PLACED = "placed"
PAID = "paid"
FULFILLED = "fulfilled"
DELIVERED = "delivered"
CANCELLED = "cancelled"
REFUNDED = "refunded"


@dataclass(frozen=True)
class RefundData:
    """A refund a shop reports on its own (Shopify `refunds/create`).

    The customers app stores orders whole; the refunded total reaches it with
    the order update the shop sends after every refund, so this value is kept
    for the record rather than applied.
    """

    source: str
    external_id: str
    order_external_id: str
    amount: Decimal
    currency: str
    refunded_at: datetime


@dataclass(frozen=True)
class OrderDeleted:
    """The shop removed an order (WooCommerce: moved it to the trash).

    It no longer counts in the customer's history; a restore sends the whole
    order again.
    """

    source: str
    external_id: str


@dataclass(frozen=True)
class CustomerDeleted:
    """The shop deleted a customer account: the person asked to be forgotten,
    or the shop no longer keeps them, so cxloop erases them too."""

    source: str
    external_id: str


@dataclass(frozen=True)
class NotApplied:
    """A delivery that is read but deliberately changes nothing (e.g. a
    checkout draft, which is not an order yet); `reason` says why. A `test`
    one is the platform's own sample (Shopify's "Send test notification"),
    recorded as a test rather than as ignored."""

    reason: str
    test: bool = False


@dataclass(frozen=True)
class OrderReached:
    """An order reached a stage, reported without the whole order (Shopify's
    `fulfillment_events/create`, `fulfillments/update`)."""

    source: str
    external_id: str
    status: str
    at: datetime


@dataclass(frozen=True)
class PrivacyRequest:
    """A platform's privacy request about a person or a whole shop.

    `kind` is "customer_redact" (forget the person), "data_request" (they
    asked for their data) or "shop_redact" (forget everything of the shop).
    The person is named by the shop's customer id, e-mail and phone, and
    `order_ids` lists the shop's orders the request covers.
    """

    source: str
    kind: str
    shop_domain: str
    customer_external_id: str = ""
    email: str | None = None
    phone: str | None = None
    order_ids: tuple[str, ...] = ()


Parsed = (
    OrderData
    | CustomerData
    | RefundData
    | OrderDeleted
    | CustomerDeleted
    | NotApplied
    | OrderReached
    | PrivacyRequest
)


class PayloadError(ValueError):
    """The payload lacks a field the mapping needs, or holds a wrong value."""


def load_json(body: bytes) -> Payload:
    """The body as a JSON object, with numbers that have a fraction as Decimal.

    Raises PayloadError naming what is wrong, for a 400 the sender can read.
    """
    try:
        data = json.loads(body.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise PayloadError("The body is not UTF-8 text.") from error
    except json.JSONDecodeError as error:
        raise PayloadError(
            f"The body is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from error
    except RecursionError as error:
        raise PayloadError(_nested_too_deeply()) from error
    if not isinstance(data, dict):
        raise PayloadError("The body must be a JSON object.")
    try:
        json_depth_check(data)
    except JsonTooDeep as error:
        raise PayloadError(_nested_too_deeply()) from error
    return data


def _nested_too_deeply() -> str:
    return f"The body is nested deeper than {MAX_JSON_DEPTH} levels."


def hmac_sha256_matches(*, body: bytes, secret: str, signature: str | None) -> bool:
    """Whether `signature` is the base64 HMAC-SHA256 of `body` under `secret`."""
    if not signature or not secret:
        return False
    try:
        given = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, given)


def sign(*, body: bytes, secret: str) -> str:
    """The base64 HMAC-SHA256 Shopify and WooCommerce send (for tests and docs)."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def body_fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


# ------------------------------------------------------------ field readers


def required(payload: Mapping[str, Any], key: str, *, where: str) -> Any:
    value = payload.get(key)
    if value is None or value == "":
        raise PayloadError(f"{where}.{key} is missing.")
    return value


def mapping(value: Any) -> Mapping[str, Any]:
    """A nested object, or an empty one when the field is absent or null."""
    return value if isinstance(value, Mapping) else {}


def items(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if value else []


def text(value: Any) -> str:
    """A string without NULs (PostgreSQL cannot store them); '' for null."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).replace("\x00", "").strip()


def optional_text(value: Any) -> str | None:
    return text(value) or None


def identifier(value: Any, *, where: str) -> str:
    result = text(value)
    if not result:
        raise PayloadError(f"{where} is missing.")
    return result


def money(value: Any, *, where: str, default: Decimal | None = None) -> Decimal:
    if value is None or value == "":
        if default is not None:
            return default
        raise PayloadError(f"{where} is missing.")
    if isinstance(value, bool):
        raise PayloadError(f"{where} is not an amount.")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise PayloadError(f"{where} is not an amount: {value!r}.") from error
    if not amount.is_finite():
        raise PayloadError(f"{where} is not an amount: {value!r}.")
    return amount


def quantity(value: Any, *, where: str) -> int:
    amount = money(value, where=where, default=Decimal("1"))
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def moment(value: Any, *, where: str) -> datetime | None:
    """An aware datetime; a time without zone is UTC (WooCommerce's *_gmt,
    Magento's created_at)."""
    if value is None or value == "":
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise PayloadError(f"{where} is not a date and time: {value!r}.") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def required_moment(value: Any, *, where: str) -> datetime:
    parsed = moment(value, where=where)
    if parsed is None:
        raise PayloadError(f"{where} is missing.")
    return parsed


def day(value: Any) -> date | None:
    """A birthday; shops write it as a date or as a midnight datetime."""
    try:
        return date.fromisoformat(text(value)[:10]) if value else None
    except ValueError:
        return None


def country(*candidates: Any) -> str | None:
    """The first ISO 3166-1 alpha-2 code among the candidates."""
    for candidate in candidates:
        code = text(candidate).upper()
        if len(code) == 2 and code.isascii() and code.isalpha():
            return code
    return None


def flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value)
    return None


def currency(value: Any, *, where: str) -> str:
    code = text(value).upper()
    if len(code) != 3 or not code.isalpha():
        raise PayloadError(f"{where} is not a currency code: {value!r}.")
    return code


def latest(*moments: datetime | None) -> datetime | None:
    known = [value for value in moments if value is not None]
    return max(known) if known else None
