import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.defaults import page_not_found

from cxloop.errors import NotFound


class NotFoundMiddleware:
    """A selector's NotFound (including another workspace's object) is a 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404(exception.message))
        return None


class WorkspaceTimezoneMiddleware:
    """Dashboard pages show times in the current workspace's time zone.

    Runs after the workspace is attached (cxloop.accounts' middleware). The
    API is left alone: it answers in UTC with the offset, whoever asks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        workspace = getattr(request, "workspace", None)
        if workspace is None or request.path.startswith("/api/"):
            return self.get_response(request)
        try:
            zone = zoneinfo.ZoneInfo(workspace.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return self.get_response(request)  # an unknown zone: UTC
        with timezone.override(zone):
            return self.get_response(request)


class UserLanguageMiddleware:
    """The dashboard in the signed-in person's own language (their profile).

    Runs after authentication. A language picked with the switch on this
    browser (Django's language cookie) still wins, and a person without one
    of their own keeps what LocaleMiddleware chose from the browser's
    Accept-Language. The API and the public pages are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if (
            language
            and request.path.startswith("/app/")
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
