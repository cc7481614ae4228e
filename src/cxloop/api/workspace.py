from typing import Annotated, Literal

import phonenumbers
from ninja import Router, Schema
from pydantic import AfterValidator, Field, StringConstraints

from cxloop.accounts import services
from cxloop.accounts.models import Workspace
from cxloop.accounts.tenancy import TenantRequest

router = Router(tags=["workspace"])

Locale = Literal["en", "et", "lv", "fi", "lt"]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


def _known_region(value: str) -> str:
    # Phone numbers are read in this region; one phonenumbers does not know
    # would quietly leave every national number unreadable.
    if value.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"{value!r} is not a country code phone numbers know")
    return value.upper()


Region = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z]{2}$"), AfterValidator(_known_region)
]


class WorkspaceOut(Schema):
    slug: str
    name: str
    default_locale: str
    timezone: str
    phone_region: str
    allowed_origins: list[str]


class WorkspacePatch(Schema):
    name: Name | None = None
    default_locale: Locale | None = None
    timezone: str | None = Field(None, description="IANA name, e.g. Europe/Riga")
    phone_region: Region | None = Field(None, description="ISO 3166 code, e.g. LV")
    allowed_origins: list[Annotated[str, StringConstraints(max_length=200)]] | None = (
        Field(
            None,
            max_length=50,
            description="Websites where the public key may be used, e.g. "
            "https://shop.example; empty: any website.",
        )
    )


@router.get("/workspace", response=WorkspaceOut, summary="The key's workspace")
def workspace_get(request: TenantRequest) -> Workspace:
    return request.workspace


@router.patch("/workspace", response=WorkspaceOut, summary="Change the key's workspace")
def workspace_patch(request: TenantRequest, payload: WorkspacePatch) -> Workspace:
    workspace = request.workspace
    return services.workspace_update(
        workspace=workspace,
        name=payload.name or workspace.name,
        default_locale=payload.default_locale or workspace.default_locale,
        timezone_name=payload.timezone or workspace.timezone,
        phone_region=payload.phone_region or workspace.phone_region,
        allowed_origins=payload.allowed_origins,
    )
