from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from cxloop.accounts.models import Membership

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def workspace_required(*roles: str) -> Callable[[View], View]:
    """Signed in, a member of the current workspace, and (if given) in a role.

    A user with no workspace at all sees a page that says so instead of an
    error; a member without the role gets 403.
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            membership: Membership | None = getattr(request, "membership", None)
            if membership is None:
                return render(request, "web/no_workspace.html", status=403)
            if roles and membership.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


ADMIN = Membership.Role.ADMIN
