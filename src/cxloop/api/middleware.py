from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from cxloop import ratelimit
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


class RateLimitMiddleware:
    """429 with Retry-After once a key, or a browser's address, asks too often.

    Every key has its own budget; calls a browser makes (a public key, or no
    key at all) also count against the caller's address, so one visitor's
    script cannot spend a shop's whole budget. Server-to-server calls with a
    secret key are not limited per address: one server may post many batches.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/v1/") or request.method == "OPTIONS":
            return self.get_response(request)
        refusal = self._refusal(request)
        if refusal is None:
            return self.get_response(request)
        detail = (
            f"Too many requests ({refusal.limit} a minute per {refusal.scope}); "
            f"retry in {refusal.retry_after} s."
        )
        response = JsonResponse(error_body(detail), status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response

    def _refusal(self, request: HttpRequest) -> ratelimit.Refusal | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        token = token.strip() if scheme.lower() == "bearer" else ""
        if token.startswith("sk_"):
            return ratelimit.hit("key", token, settings.CXLOOP_RATE_LIMIT_PER_KEY)
        address = ratelimit.client_ip(request)
        refusal = ratelimit.hit("address", address, settings.CXLOOP_RATE_LIMIT_PER_IP)
        if refusal is None and token:
            refusal = ratelimit.hit("key", token, settings.CXLOOP_RATE_LIMIT_PER_KEY)
        return refusal
