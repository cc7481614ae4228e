from ninja import Router, Schema

from cxloop.accounts.models import Workspace
from cxloop.accounts.tenancy import TenantRequest

router = Router(tags=["workspace"])


class WorkspaceOut(Schema):
    slug: str
    name: str
    default_locale: str
    timezone: str
    phone_region: str


@router.get("/workspace", response=WorkspaceOut, summary="The key's workspace")
def workspace_get(request: TenantRequest) -> Workspace:
    return request.workspace
