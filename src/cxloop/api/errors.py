"""Every API error is JSON `{"detail": str, "errors": [...]}` with a 4xx status."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from cxloop.errors import DomainError


class KeyRejected(Exception):
    """The bearer key is missing, unknown, revoked or may not use this route."""

    def __init__(self, status: int, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field


def error_body(
    detail: str, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # Drop the parameter source ("body", "query"…) and the schema's own name,
    # so the field reads as the client wrote it: "events.3.type".
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in {"payload", "data", "body"}:
            parts = parts[1:]
    return ".".join(parts)


def validation_errors(raw: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "field": _field_name(error.get("loc", ())),
            "message": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in raw
    ]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = validation_errors(exc.errors)
        fields = ", ".join(sorted({error["field"] for error in errors}))
        return api.create_response(
            request, error_body(f"Invalid input: {fields}.", errors), status=422
        )

    @api.exception_handler(KeyRejected)
    def on_key_rejected(request: HttpRequest, exc: KeyRejected) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.detail}] if exc.field else []
        response = api.create_response(
            request, error_body(exc.detail, errors), status=exc.status
        )
        if exc.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="cxloop"'
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
            if isinstance(exc.__cause__, RequestDataTooBig):
                return api.create_response(
                    request, error_body("The request body is too large."), status=413
                )
            if isinstance(exc.__cause__, DomainError):  # e.g. nested too deeply
                return on_domain_error(request, exc.__cause__)
            detail = "The request body is not valid JSON."
        if exc.status_code == 401:
            return on_key_rejected(request, KeyRejected(401, "Missing API key."))
        return api.create_response(request, error_body(detail), status=exc.status_code)

    @api.exception_handler(DomainError)
    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
        return api.create_response(
            request, error_body(exc.message, errors), status=exc.status
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("Not found."), status=404)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer in the API's error shape too."""
    return JsonResponse(error_body("Not found."), status=404)
