from typing import Any

from django.http import HttpRequest

from cxloop.accounts import selectors
from cxloop.accounts.models import User
from cxloop.web.navigation import NAVIGATION


def _active_section(path: str) -> str:
    parts = path.removeprefix("/app/").split("/", 1)
    return parts[0] if parts else ""


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the dashboard's frame needs on every page."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    return {
        "nav_items": NAVIGATION,
        "nav_active": _active_section(request.path),
        "user_workspaces": selectors.workspace_list_for_user(user=user),
        "current_workspace": getattr(request, "workspace", None),
        "current_membership": getattr(request, "membership", None),
    }
