from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from cxloop.api.errors import error_body


class BodySizeLimitMiddleware:
    """Refuse API bodies over DATA_UPLOAD_MAX_MEMORY_SIZE before reading them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                detail = f"The request body is larger than {limit // 1024} kB."
                return JsonResponse(error_body(detail), status=413)
        return self.get_response(request)


class JsonErrorsMiddleware:
    """Errors raised outside the API's handlers (405, 413…) become JSON too.

    Django and ninja answer a wrong method or an oversized body with plain
    text; API clients should always be able to parse `detail`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = f"{HTTPStatus(response.status_code).phrase}."
            replacement = JsonResponse(error_body(detail), status=response.status_code)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


# Routes a browser on a shop's own domain calls with a public key.
PUBLIC_PATHS = (
    "/api/v1/events",
    "/api/v1/responses",
    "/api/v1/surveys/eligible",
    "/api/v1/surveys/opt-out",
)
PREFLIGHT_MAX_AGE = "600"


class PublicCorsMiddleware:
    """CORS for the public routes only, for the origins a workspace allows.

    A preflight carries no key, so it is answered for any origin; the real
    request is refused (403, no CORS header) by the key check when the
    workspace lists its origins and this is not one of them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = request.headers.get("Origin")
        if not origin or request.path.rstrip("/") not in PUBLIC_PATHS:
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = self.get_response(request)
            if getattr(request, "origin_refused", False):
                return response  # no CORS header: the browser blocks the reply
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = "Retry-After"
        response["Vary"] = "Origin"
        return response
