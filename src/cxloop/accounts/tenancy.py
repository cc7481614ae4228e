"""How a request comes to act in exactly one workspace.

A dashboard request acts in the signed-in user's current workspace (kept in
the session, checked against their memberships on every request); an API
request acts in its key's workspace. Every selector then takes that workspace.
"""

from django.http import HttpRequest

from cxloop.accounts import selectors
from cxloop.accounts.models import Membership, User, Workspace

SESSION_KEY = "cxloop_workspace_id"


class TenantRequest(HttpRequest):
    """An HttpRequest after WorkspaceMiddleware or API-key authentication."""

    user: User
    workspace: Workspace
    membership: Membership


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the session points at, else the user's first one."""
    user = request.user
    if not user.is_authenticated or not isinstance(user, User):
        return None
    workspace_id = request.session.get(SESSION_KEY)
    if workspace_id is not None:
        membership = (
            Membership.objects.filter(user=user, workspace_id=workspace_id)
            .select_related("workspace")
            .first()
        )
        if membership is not None:
            return membership
    membership = selectors.membership_first(user=user)
    if membership is not None:
        request.session[SESSION_KEY] = membership.workspace_id
    return membership


def switch_workspace(request: HttpRequest, *, slug: str) -> Membership | None:
    """Make `slug` the current workspace if the user is a member of it."""
    user = request.user
    if not isinstance(user, User):
        return None
    membership = (
        Membership.objects.filter(user=user, workspace__slug=slug)
        .select_related("workspace")
        .first()
    )
    if membership is not None:
        request.session[SESSION_KEY] = membership.workspace_id
    return membership
