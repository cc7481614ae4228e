"""Field types shared by the API's schemas."""

from datetime import UTC, datetime
from typing import Annotated, Any

import orjson
from pydantic import AfterValidator, BaseModel, StringConstraints, model_validator

MAX_PROPERTIES_BYTES = 16 * 1024

Key = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
    ),
]
ClientId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]


def _properties_fit(value: dict[str, Any]) -> dict[str, Any]:
    try:
        size = len(orjson.dumps(value))
    except orjson.JSONEncodeError as error:  # e.g. an integer beyond 64 bits
        raise ValueError("must be JSON with 64-bit numbers") from error
    if size > MAX_PROPERTIES_BYTES:
        raise ValueError(f"must be at most 16 kB as JSON, not {size / 1024:.1f} kB")
    return value


def _in_utc(value: datetime) -> datetime:
    # PostgreSQL accepts UTC offsets up to ±15:59 and years 1–9999 only;
    # normalising here turns an odd offset into a plain instant, and an
    # instant outside the calendar into a 422 instead of a database error.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError("is outside the years 1–9999") from error


UtcDatetime = Annotated[datetime, AfterValidator(_in_utc)]

Properties = Annotated[dict[str, Any], AfterValidator(_properties_fit)]


class TopicRefOut(BaseModel):
    """A topic as other records name it: its number and current label."""

    number: int
    label: str


class CustomerRef(BaseModel):
    """How the sender knows the customer; at least one of the three."""

    external_id: (
        Annotated[str, StringConstraints(min_length=1, max_length=255)] | None
    ) = None
    email: Annotated[str, StringConstraints(min_length=3, max_length=254)] | None = None
    phone: Annotated[str, StringConstraints(min_length=3, max_length=50)] | None = None

    @model_validator(mode="after")
    def _names_someone(self) -> "CustomerRef":
        # `{}` would store a response (or an event) said to be a customer's
        # that matches nobody.
        if not self.as_ref():
            raise ValueError("needs external_id, email or phone")
        return self

    def as_ref(self) -> dict[str, str]:
        return {key: value for key, value in self.model_dump().items() if value}
