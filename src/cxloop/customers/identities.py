"""Reading identity values the way people and shops write them.

Pure functions: every way into the customers app (resolution, lookup by an
agent, imports) normalises through here, so "5123 4567", "+372 5123 4567"
and "00372 51234567" are one number everywhere.
"""

from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from cxloop.customers.inputs import IdentitySignals
from cxloop.customers.models import Identity

MAX_VALUE = 320
# An external id without "<source>:" is the sender's own customer number.
DEFAULT_EXTERNAL_SOURCE = "api"

_email_validator = EmailValidator()


class Reading(NamedTuple):
    """One identity value as read: `value` is empty when it could not be read.

    A tuple rather than a dataclass: a batch of events reads thousands.
    """

    kind: str
    raw: str
    value: str = ""
    problem: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.value)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.value)


def _clean(raw: str) -> str:
    # NUL can't be stored in PostgreSQL text and is never part of an identity.
    return raw.replace("\x00", "")


def read_email(raw: str) -> Reading:
    raw = _clean(raw)
    value = raw.strip().lower()
    kind = Identity.Kind.EMAIL
    if len(value) > MAX_VALUE:
        return Reading(kind, raw[:MAX_VALUE], problem="is too long for an e-mail")
    try:
        _email_validator(value)
    except ValidationError:
        return Reading(kind, raw, problem="is not a valid e-mail address")
    return Reading(kind, raw, value)


@lru_cache(maxsize=4096)
def read_phone(raw: str, region: str) -> Reading:
    """E.164 of `raw`, reading a number without +prefix as one of `region`.

    Cached: parsing costs tens of microseconds and a batch of events repeats
    the same few numbers.
    """
    kind = Identity.Kind.PHONE
    raw = _clean(raw)
    text = raw.strip()[:MAX_VALUE]
    # "00" is the international prefix in most of Europe but not in every
    # region (011 in the US), so read it as "+" whatever the region.
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return Reading(kind, raw[:MAX_VALUE], problem="is not a phone number")
    if not phonenumbers.is_valid_number(number):
        return Reading(kind, raw[:MAX_VALUE], problem="is not a valid phone number")
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Reading(kind, raw[:MAX_VALUE], value)


def read_external(raw: str) -> Reading:
    """`source:id`; the source is lower-cased, the id kept as the shop wrote it."""
    kind = Identity.Kind.EXTERNAL
    raw = _clean(raw)
    text = raw.strip()
    source, colon, ident = text.partition(":")
    if not colon:
        source, ident = DEFAULT_EXTERNAL_SOURCE, text
    source, ident = source.strip().lower(), ident.strip()
    if not source or not ident:
        return Reading(kind, raw[:MAX_VALUE], problem="is not a 'source:id' value")
    value = f"{source}:{ident}"
    if len(value) > MAX_VALUE:
        return Reading(kind, raw[:MAX_VALUE], problem="is too long for an id")
    return Reading(kind, raw, value)


def read_anonymous(raw: str) -> Reading:
    raw = _clean(raw)
    value = raw.strip()
    kind = Identity.Kind.ANONYMOUS
    if not value or len(value) > MAX_VALUE:
        return Reading(kind, raw[:MAX_VALUE], problem="is not an anonymous id")
    return Reading(kind, raw, value)


def read_signals(signals: IdentitySignals, *, region: str) -> list[Reading]:
    """Every identity the signals name, read; the address country wins."""
    readings: list[Reading] = []
    if signals.email:
        readings.append(read_email(signals.email))
    if signals.phone:
        readings.append(read_phone(signals.phone, signals.country or region))
    readings.extend(read_external(raw) for raw in signals.external_ids if raw)
    if signals.anonymous_id:
        readings.append(read_anonymous(signals.anonymous_id))
    if len(readings) < 2:
        return readings  # most events name one browser id only
    # The same value twice (an id listed twice) is one identity.
    unique = {(r.key if r.ok else (r.kind, "", r.raw)): r for r in reversed(readings)}
    return list(reversed(unique.values()))


def signals_from_ref(
    customer_ref: dict[str, str], anonymous_id: str = ""
) -> IdentitySignals:
    """The signals of an API `customer` object (`external_id|email|phone`)."""
    external = customer_ref.get("external_id")
    return IdentitySignals(
        email=customer_ref.get("email") or None,
        phone=customer_ref.get("phone") or None,
        external_ids=(external,) if external else (),
        anonymous_id=anonymous_id or None,
    )
