from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cxloop.accounts.tenancy import current_membership


class WorkspaceMiddleware:
    """Attach the signed-in user's current workspace and role to the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.workspace = membership.workspace if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
