from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cxloop.accounts.tenancy import current_membership, switch_workspace


class WorkspaceMiddleware:
    """Attach the signed-in user's current workspace and role to the request.

    A link may name its workspace (`?workspace=<slug>`, as e-mails to
    members of several do): a GET then switches to it if the user is a
    member, and otherwise changes nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slug = ""
        if request.method == "GET" and request.path.startswith("/app/"):
            slug = request.GET.get("workspace", "")
        if slug and request.user.is_authenticated:
            switch_workspace(request, slug=slug[:50])
        membership = current_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        request.workspace = membership.workspace if membership else None  # type: ignore[attr-defined]
        return self.get_response(request)
