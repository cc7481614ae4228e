"""A customer's points: the ledger, redemptions and manual adjustments."""

from datetime import datetime
from typing import Annotated, Any

from ninja import Router, Schema, Status
from pydantic import Field, StringConstraints

from cxloop.accounts.models import ApiKey
from cxloop.accounts.tenancy import TenantRequest
from cxloop.customers import selectors as customer_selectors
from cxloop.loyalty import selectors, services

router = Router(tags=["loyalty"])

Points = Annotated[int, Field(ge=-(10**12), le=10**12, strict=True)]
SourceId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
Reason = Annotated[str, StringConstraints(max_length=500)]


class EntryOut(Schema):
    id: int
    kind: str = Field(description="earn, redeem, expire, adjust or reverse")
    points: int = Field(description="signed: positive in, negative out")
    source_kind: str
    source_id: str
    order_id: int | None
    expires_at: datetime | None
    reverses: int | None
    shortfall: int = Field(
        description="points a reversal could not take because they were spent"
    )
    reason: str
    actor: str
    created_at: datetime


class ExpiringOut(Schema):
    points: int
    expires_at: datetime


class LoyaltyOut(Schema):
    balance: int
    entries: list[EntryOut] = Field(description="the newest 50 entries")
    expiring: list[ExpiringOut]


class RedeemIn(Schema):
    points: Points = Field(description="how many to spend (> 0)")
    redemption_id: SourceId = Field(
        description="the shop's id for this redemption: a retry spends once"
    )
    reason: Reason = ""


class AdjustIn(Schema):
    points: Points = Field(description="positive to add, negative to take")
    adjustment_id: SourceId = Field(description="your id: a retry adjusts once")
    reason: Reason


def _actor(request: TenantRequest) -> str:
    key = getattr(request, "auth", None)
    return f"API key {key.masked}" if isinstance(key, ApiKey) else "API"


@router.get(
    "/customers/{customer_id}/loyalty",
    response=LoyaltyOut,
    summary="A customer's points balance, ledger and points about to expire",
)
def loyalty_get(request: TenantRequest, customer_id: int) -> Any:
    customer = customer_selectors.customer_get(
        workspace=request.workspace, pk=customer_id
    )
    return selectors.loyalty_of(workspace=request.workspace, customer=customer)


@router.post(
    "/customers/{customer_id}/loyalty/redeem",
    response={201: EntryOut},
    summary="Spend points (idempotent on redemption_id)",
)
def loyalty_redeem(request: TenantRequest, customer_id: int, payload: RedeemIn) -> Any:
    customer = customer_selectors.customer_get(
        workspace=request.workspace, pk=customer_id
    )
    entry = services.points_redeem(
        workspace=request.workspace,
        customer=customer,
        actor=_actor(request),
        **payload.dict(),
    )
    return Status(201, selectors.entry_record(entry))


@router.post(
    "/customers/{customer_id}/loyalty/adjust",
    response={201: EntryOut},
    summary="Add or take points by hand, with a reason (idempotent on adjustment_id)",
)
def loyalty_adjust(request: TenantRequest, customer_id: int, payload: AdjustIn) -> Any:
    customer = customer_selectors.customer_get(
        workspace=request.workspace, pk=customer_id
    )
    entry = services.points_adjust(
        workspace=request.workspace,
        customer=customer,
        actor=_actor(request),
        **payload.dict(),
    )
    return Status(201, selectors.entry_record(entry))
