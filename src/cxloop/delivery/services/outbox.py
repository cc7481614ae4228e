"""The outbox: messages and their deliveries written in the caller's transaction."""

import secrets
import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from cxloop.accounts.models import Workspace
from cxloop.delivery import hooks, selectors, ssrf
from cxloop.delivery.models import Channel, Delivery, Message, WebhookEndpoint
from cxloop.delivery.services.limits import (
    MAX_PAYLOAD_BYTES,
    PayloadTooLarge,
)
from cxloop.errors import Conflict


def _message_create(
    *, workspace: Workspace, event_type: str, body: bytes, now: datetime
) -> Message:
    if len(body) > MAX_PAYLOAD_BYTES:
        raise PayloadTooLarge(
            _("The payload is larger than 20 kB; send ids and let receivers fetch."),
            field="payload",
        )
    return Message.objects.create(
        workspace=workspace,
        event_type=event_type,
        webhook_id=f"msg_{secrets.token_urlsafe(18)}",
        body=body.decode("utf-8"),
        created_at=now,
    )


_queued_lock = threading.RLock()  # re-entered when a drain runs at once (tests)
_queued_id: str | None = None


def drain_request() -> None:
    """Enqueue a drain unless one this process enqueued has not started yet.

    That one will claim whatever is committed now when it starts, so a burst
    of commits costs one task. Call it after commit (`on_commit`): a drain
    must never start before the rows it is for are visible.
    """
    from cxloop.delivery import tasks

    global _queued_id
    with _queued_lock:
        backend = tasks.deliveries_drain.get_backend()
        if _queued_id is not None and backend.supports_get_result:
            try:
                queued = tasks.deliveries_drain.get_result(_queued_id)
            except Exception:  # gone, or a backend that forgot it: enqueue anew
                queued = None
            if queued is not None and queued.status == TaskResultStatus.READY:
                return
        result = tasks.deliveries_drain.enqueue()
        _queued_id = result.id if result.status == TaskResultStatus.READY else None


def deliveries_send_after_commit(deliveries: list[Delivery]) -> None:
    """Have `deliveries` sent once the caller's transaction commits."""
    if deliveries:
        transaction.on_commit(drain_request)


def _deliveries_create(
    message: Message, targets: list[dict[str, Any]], now: datetime
) -> list[Delivery]:
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            workspace_id=message.workspace_id,
            message=message,
            next_attempt_at=now,
            created_at=now,
            **target,
        )
        for target in targets
    )
    deliveries_send_after_commit(deliveries)
    return deliveries


def _event_body(event_type: str, payload: dict[str, Any], now: datetime) -> bytes:
    # The Standard Webhooks payload shape: type, timestamp, data.
    return orjson.dumps(
        {
            "type": event_type,
            "timestamp": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "data": payload,
        }
    )


@transaction.atomic
def message_enqueue(
    *,
    workspace: Workspace,
    event_type: str,
    payload: dict[str, Any],
    now: datetime | None = None,
) -> Message | None:
    """Write the event for every enabled endpoint that subscribes to it.

    Call it inside the transaction of the change the event tells of. With
    no such endpoint it writes nothing (one indexed query) and returns None.
    """
    if not hooks.event_type_exists(event_type):
        raise ValueError(f"Unregistered event type {event_type!r}")
    endpoints = [
        endpoint
        for endpoint in selectors.endpoint_list_enabled(workspace=workspace)
        if endpoint.subscribes_to(event_type)
    ]
    if not endpoints:
        return None
    now = now or timezone.now()
    message = _message_create(
        workspace=workspace,
        event_type=event_type,
        body=_event_body(event_type, payload, now),
        now=now,
    )
    _deliveries_create(
        message,
        [{"channel": Channel.WEBHOOK, "endpoint": endpoint} for endpoint in endpoints],
        now,
    )
    return message


@transaction.atomic
def endpoint_send_test(
    *, endpoint: WebhookEndpoint, now: datetime | None = None
) -> Delivery:
    """A `webhook.test` event to this endpoint alone."""
    if not endpoint.enabled:
        raise Conflict(_("Enable the endpoint before sending it a test event."))
    now = now or timezone.now()
    payload = {"endpoint_id": endpoint.pk, "workspace": endpoint.workspace.slug}
    message = _message_create(
        workspace=endpoint.workspace,
        event_type=hooks.TEST_EVENT,
        body=_event_body(hooks.TEST_EVENT, payload, now),
        now=now,
    )
    (delivery,) = _deliveries_create(
        message, [{"channel": Channel.WEBHOOK, "endpoint": endpoint}], now
    )
    return delivery


@transaction.atomic
def email_enqueue(
    *,
    workspace: Workspace,
    to: Iterable[str],
    subject: str,
    text: str,
    html: str = "",
    kind: str = "notification.email",
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Message | None:
    """An e-mail to each address, sent by the worker with the same retries.

    Render it in the recipient's language before calling (`email_render`);
    `html` must be escaped already (a template with autoescape does it).
    `headers` are extra header lines, e.g. a digest's `List-Unsubscribe`.
    """
    addresses = [address for address in dict.fromkeys(to) if address]
    if not addresses:
        return None
    now = now or timezone.now()
    content: dict[str, Any] = {"subject": subject, "text": text, "html": html}
    if headers:
        content["headers"] = dict(headers)
    body = orjson.dumps(content)
    message = _message_create(workspace=workspace, event_type=kind, body=body, now=now)
    _deliveries_create(
        message,
        [{"channel": Channel.EMAIL, "target": address} for address in addresses],
        now,
    )
    return message


def email_render(
    template: str, context: dict[str, Any], *, language: str
) -> tuple[str, str, str]:
    """Subject, text and escaped HTML of `template` in `language`.

    `template` names three templates: `<template>_subject.txt`,
    `<template>.txt` and `<template>.html` (autoescaped).
    """
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


@transaction.atomic
def chat_enqueue(
    *,
    workspace: Workspace,
    url: str,
    text: str,
    kind: str = "notification.chat",
    now: datetime | None = None,
) -> Message:
    """A message to a Slack-compatible incoming webhook (`{"text": ...}`)."""
    ssrf.url_check(url)
    now = now or timezone.now()
    message = _message_create(
        workspace=workspace, event_type=kind, body=orjson.dumps({"text": text}), now=now
    )
    _deliveries_create(message, [{"channel": Channel.CHAT, "target": url}], now)
    return message
