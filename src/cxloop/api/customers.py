"""The agent's customer 360, the person's data export and erasure."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import Field

from cxloop.accounts.models import ApiKey
from cxloop.accounts.tenancy import TenantRequest
from cxloop.customers import selectors, services

router = Router(tags=["customers"])


class LookupQuery(Schema):
    phone: str | None = Field(None, description="Any common spelling: 5123 4567")
    email: str | None = None
    external_id: str | None = Field(None, description="source:id, e.g. shopify:42")


class ProfileOut(Schema):
    first_name: str
    last_name: str
    locale: str
    timezone: str
    birthday: date | None
    preferred_channel: str
    preferences: dict[str, Any]
    attributes: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ConsentOut(Schema):
    marketing: bool | None
    surveys: bool | None
    updated_at: datetime | None


class IdentityOut(Schema):
    kind: str
    value: str
    raw: str
    verified: bool
    problem: str
    source: str
    created_at: datetime


class CategoryOut(Schema):
    category: str
    quantity: int


class OrderSummaryOut(Schema):
    count: int
    revenue: Decimal
    average_order_value: Decimal | None
    currency: str | None
    last_order_at: datetime | None
    categories: list[CategoryOut]


class OrderOut(Schema):
    id: int
    source: str
    external_id: str
    number: str
    status: str
    channel: str
    currency: str
    total: Decimal
    discount_total: Decimal
    refunded_total: Decimal
    coupon_codes: list[str]
    placed_at: datetime
    paid_at: datetime | None
    fulfilled_at: datetime | None
    delivered_at: datetime | None
    cancelled_at: datetime | None
    refunded_at: datetime | None


class TimelineEntryOut(Schema):
    at: datetime
    kind: str = Field(description="event, order, response or merge")
    title: str
    data: dict[str, Any]


class CustomerOut(Schema):
    id: int
    name: str
    profile: ProfileOut
    consent: ConsentOut
    identities: list[IdentityOut]
    orders: OrderSummaryOut
    recent_orders: list[OrderOut]
    feedback: dict[str, Any] = Field(
        default_factory=dict,
        description="recent responses, count, nps and nps_band of the latest NPS",
    )
    open_cases: list[dict[str, Any]] = Field(
        default_factory=list,
        description="cases still being worked (new, open, pending): id, number, "
        "title, status, priority, owner, opened_at, resolution_due_at",
    )
    loyalty: dict[str, Any] = Field(
        default_factory=dict,
        description="points: programme (whether one runs), balance, and the "
        "next points to expire (expiring: [{points, expires_at}])",
    )
    timeline: list[TimelineEntryOut]


def _actor(request: TenantRequest) -> str:
    key = getattr(request, "auth", None)
    return f"API key {key.masked}" if isinstance(key, ApiKey) else "API"


@router.get(
    "/customers/lookup",
    response=CustomerOut,
    summary="Find a customer by phone, e-mail or shop id (exactly one)",
)
def customer_lookup(request: TenantRequest, query: Query[LookupQuery]) -> Any:
    customer = selectors.customer_lookup(
        workspace=request.workspace, **query.model_dump()
    )
    return selectors.customer_360(workspace=request.workspace, customer=customer)


@router.get("/customers/{customer_id}", response=CustomerOut, summary="Customer 360")
def customer_get(request: TenantRequest, customer_id: int) -> Any:
    customer = selectors.customer_get(workspace=request.workspace, pk=customer_id)
    return selectors.customer_360(workspace=request.workspace, customer=customer)


@router.get(
    "/customers/{customer_id}/export",
    response=dict[str, Any],
    summary="Everything held about the person (right of access)",
)
def customer_export(request: TenantRequest, customer_id: int) -> Any:
    customer = selectors.customer_get(workspace=request.workspace, pk=customer_id)
    return selectors.customer_export(workspace=request.workspace, customer=customer)


@router.delete(
    "/customers/{customer_id}",
    response={204: None},
    summary="Erase the person's data, keeping anonymised totals and scores",
)
def customer_erase(request: TenantRequest, customer_id: int) -> Any:
    customer = selectors.customer_get(workspace=request.workspace, pk=customer_id)
    services.customer_erase(
        workspace=request.workspace, customer=customer, actor=_actor(request)
    )
    return Status(204, None)
