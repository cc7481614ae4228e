"""The inbound webhook endpoints: the one HTTP surface a domain app owns.

Each view reads the body, makes one service call and answers in the API's
error shape (`{"detail", "errors"}`), which shops log as they receive it.
Magento's answers always carry the `{"op": "success"}` Adobe Commerce
Webhooks expect, and are 200 even for a refusal (docs/integrations/README.md
says why each platform gets the answers it does).
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cxloop.errors import DomainError
from cxloop.integrations import services
from cxloop.integrations.models import Platform

logger = logging.getLogger(__name__)
# A body over the upload limit is still read up to this size, only to tell
# which shop sent it and record that it came; past it, it is only logged.
OVERSIZED_READ_LIMIT = 8 * 1024 * 1024


def _error(error: DomainError) -> JsonResponse:
    errors = [{"field": error.field, "message": error.message}] if error.field else []
    return JsonResponse(
        {"detail": error.message, "errors": errors}, status=error.status
    )


def _body(request: HttpRequest) -> bytes:
    limit: int = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 1024 * 1024
    too_large = services.BodyTooLarge(
        _("The body is larger than %(kb)d kB.") % {"kb": limit // 1024}
    )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise too_large
    try:
        body = request.body
    except RequestDataTooBig as error:
        raise too_large from error
    if len(body) > limit:
        raise too_large
    return body


def _oversized(request: HttpRequest) -> bytes | None:
    """A body over the limit read whole, only to verify who sent it; None
    when it is larger still (or its length is unknown)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= OVERSIZED_READ_LIMIT or hasattr(request, "_body"):
        return None
    body = request.read(OVERSIZED_READ_LIMIT + 1)
    return body if len(body) <= OVERSIZED_READ_LIMIT else None


def _too_large(
    request: HttpRequest,
    error: DomainError,
    *,
    workspace: str,
    platform: str,
    topic: str,
) -> JsonResponse:
    # A 413 would count towards WooCommerce disabling the webhook and fail a
    # required Magento hook, and Shopify would only resend the same body: a
    # 200 says so instead. A verified one is recorded against its shop (a
    # delivery without its body, with why), so the loss is seen; the order
    # itself comes again with the catch-up sync or the shop's next update.
    answer: dict[str, Any] = {"status": "too_large", "detail": error.message}
    body = _oversized(request)
    if body is not None:
        try:
            receipt = services.delivery_record_too_large(
                workspace_slug=workspace,
                platform=platform,
                headers=dict(request.headers),
                body=body,
                topic=topic,
                reason=error.message,
            )
        except DomainError as refusal:
            if platform != Platform.MAGENTO:
                return _error(refusal)
        else:
            answer["status"] = receipt.outcome
            if receipt.delivery is not None:
                answer["delivery"] = receipt.delivery.delivery_id
            return _answer(platform, answer)
    logger.warning(
        "%s delivery to workspace %r refused: %s", platform, workspace, error.message
    )
    return _answer(platform, answer)


def _receive(
    request: HttpRequest, *, workspace: str, platform: str, topic: str = ""
) -> JsonResponse:
    if request.method != "POST":
        response = JsonResponse(
            {"detail": "Method Not Allowed.", "errors": []}, status=405
        )
        response["Allow"] = "POST"
        return response
    try:
        receipt = services.delivery_receive(
            workspace_slug=workspace,
            platform=platform,
            headers=dict(request.headers),
            body=_body(request),
            topic=topic,
        )
    except services.BodyTooLarge as error:
        return _too_large(
            request, error, workspace=workspace, platform=platform, topic=topic
        )
    except DomainError as error:
        if platform != Platform.MAGENTO:
            return _error(error)
        # Adobe Commerce Webhooks fail the shop's own save on any answer
        # but 200 while a hook is `required` (its default): a mistyped token
        # must not stop the shop taking orders. Nothing is stored; the
        # answer still says why, and so does this server's log.
        logger.warning(
            "magento delivery to workspace %r refused: %s", workspace, error.message
        )
        return _answer(platform, {"status": "refused", "detail": error.message})
    answer: dict[str, Any] = {"status": receipt.outcome}
    if receipt.delivery is not None:
        answer["delivery"] = receipt.delivery.delivery_id
        # Why a body was kept but cannot be used; never the error of an
        # earlier apply, which is cxloop's business, not the shop's.
        if receipt.outcome == "ignored" and receipt.delivery.error:
            answer["detail"] = receipt.delivery.error
    return _answer(platform, answer)


def _answer(platform: str, answer: dict[str, Any]) -> JsonResponse:
    if platform == Platform.MAGENTO:
        # The operation Adobe Commerce Webhooks read from a hook's answer:
        # "success" lets the save that triggered it go on unchanged.
        answer = {"op": "success", **answer}
    return JsonResponse(answer, status=200)


@csrf_exempt
def shopify_webhook(request: HttpRequest, workspace: str) -> JsonResponse:
    return _receive(request, workspace=workspace, platform=Platform.SHOPIFY)


@csrf_exempt
def woocommerce_webhook(request: HttpRequest, workspace: str) -> JsonResponse:
    return _receive(request, workspace=workspace, platform=Platform.WOOCOMMERCE)


@csrf_exempt
def magento_orders(request: HttpRequest, workspace: str) -> JsonResponse:
    return _receive(
        request, workspace=workspace, platform=Platform.MAGENTO, topic="orders"
    )


@csrf_exempt
def magento_customers(request: HttpRequest, workspace: str) -> JsonResponse:
    return _receive(
        request, workspace=workspace, platform=Platform.MAGENTO, topic="customers"
    )
