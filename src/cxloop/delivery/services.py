"""Every outbound message goes through here: write in the caller's transaction,
send from the worker, retry on a schedule, never lose one, never send one
for a change that rolled back.

Other apps call `message_enqueue` (webhooks), `email_enqueue` and
`chat_enqueue` (notifications) inside their own transactions; the sends
are enqueued with `transaction.on_commit`, and `deliveries_send_due`
(periodic) picks up whatever a lost task or a killed worker left due.
"""

import base64
import logging
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from typing import Any

import orjson
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from cxloop.accounts import selectors as accounts
from cxloop.accounts.models import Workspace
from cxloop.delivery import hooks, selectors, ssrf, transport
from cxloop.delivery.models import Channel, Delivery, Message, WebhookEndpoint
from cxloop.errors import Conflict, InvalidInput

logger = logging.getLogger("cxloop.delivery")

MAX_PAYLOAD_BYTES = 20 * 1024
# After the first attempt (immediately): Svix's schedule, as issue 13 lists it.
RETRY_DELAYS = [
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=14),
    timedelta(hours=20),
    timedelta(hours=24),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
JITTER = 0.1  # ± a tenth of the delay, so retries of one outage spread out
MAX_RETRY_AFTER = timedelta(hours=24)
# A claimed attempt that has not finished by then was cut off (a killed
# worker); its delivery is due again.
LEASE = timedelta(seconds=transport.TIMEOUT_SECONDS + 15)
DISABLE_AFTER_FAILING = timedelta(days=5)
ROTATION_OVERLAP = timedelta(hours=24)
SWEEP_BATCH = 200
RETRY_AFTER_STATUSES = {429, 502, 504}
# Sent and dead messages are kept this long for the dashboard and redelivery.
KEEP_MESSAGES = timedelta(days=30)
ERROR_LENGTH = 500


class PayloadTooLarge(InvalidInput):
    pass


# ------------------------------------------------------------- endpoints


def secret_generate() -> str:
    """A Standard Webhooks secret: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def _event_types_check(event_types: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(event_types))
    for name in chosen:
        if not hooks.event_type_exists(name):
            raise InvalidInput(
                _("%(name)s is no event type.") % {"name": name[:100]},
                field="event_types",
            )
    return chosen


@dataclass(frozen=True)
class EndpointWithSecret:
    endpoint: WebhookEndpoint
    secret: str  # shown once, in the answer to the create or rotate


def endpoint_create(
    *,
    workspace: Workspace,
    url: str,
    event_types: Iterable[str] = (),
    description: str = "",
) -> EndpointWithSecret:
    chosen = _event_types_check(event_types)
    ssrf.url_check(url)
    secret = secret_generate()
    endpoint = WebhookEndpoint.objects.create(
        workspace=workspace,
        url=url,
        event_types=chosen,
        description=description,
        secret=secret,
    )
    return EndpointWithSecret(endpoint=endpoint, secret=secret)


def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    enabled: bool | None = None,
) -> WebhookEndpoint:
    if url is not None:
        ssrf.url_check(url)
        endpoint.url = url
    if event_types is not None:
        endpoint.event_types = _event_types_check(event_types)
    if description is not None:
        endpoint.description = description
    if enabled is not None and enabled != endpoint.enabled:
        endpoint.enabled = enabled
        if enabled:
            endpoint.disabled_reason = ""
            endpoint.disabled_at = None
            endpoint.failing_since = None
        else:
            endpoint.disabled_reason = _("Disabled by a person.")
            endpoint.disabled_at = timezone.now()
    endpoint.save()
    return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, now: datetime | None = None
) -> EndpointWithSecret:
    """A new secret; the old one keeps signing too for ROTATION_OVERLAP."""
    now = now or timezone.now()
    secret = secret_generate()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
    endpoint.secret = secret
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at"]
    )
    return EndpointWithSecret(endpoint=endpoint, secret=secret)


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    keys = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > now:
        keys.append(endpoint.previous_secret)
    return keys


# ---------------------------------------------------------------- outbox


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


def _send_after_commit(deliveries: list[Delivery]) -> None:
    from cxloop.delivery import tasks

    for delivery in deliveries:
        transaction.on_commit(partial(tasks.delivery_send.enqueue, delivery.pk))


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
    _send_after_commit(deliveries)
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
    now: datetime | None = None,
) -> Message | None:
    """An e-mail to each address, sent by the worker with the same retries.

    Render it in the recipient's language before calling (`email_render`);
    `html` must be escaped already (a template with autoescape does it).
    """
    addresses = [address for address in dict.fromkeys(to) if address]
    if not addresses:
        return None
    now = now or timezone.now()
    body = orjson.dumps({"subject": subject, "text": text, "html": html})
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


# --------------------------------------------------------------- sending


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status_code: int | None = None
    response: str = ""
    error: str = ""
    retry_after: timedelta | None = None
    gone: bool = False


def _claim(delivery_id: int, now: datetime) -> Delivery | None:
    """Take the delivery for one attempt, or None if it is not ours to send.

    A conditional UPDATE is the lock (a row lock on PostgreSQL, the write
    lock on SQLite) and commits at once: the attempt's lease is visible to
    every other worker before a byte is sent.
    """
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(
        next_attempt_at=now + LEASE, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return None
    delivery: Delivery = Delivery.objects.select_related("message", "endpoint").get(
        pk=delivery_id
    )
    return delivery


def webhook_headers(
    message: Message, keys: list[str], now: datetime, body: bytes
) -> dict[str, str]:
    signatures = " ".join(
        Webhook(key).sign(msg_id=message.webhook_id, timestamp=now, data=body)
        for key in keys
    )
    return {
        "webhook-id": message.webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
    }


def retry_after_parse(value: str, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a delay, capped."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        delay = timedelta(seconds=int(value[:9]))
    else:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        delay = max(moment - now, timedelta(0))
    return min(delay, MAX_RETRY_AFTER)


def _post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    try:
        target = ssrf.url_check(url)
    except ssrf.UnsafeUrl as error:
        return Outcome(succeeded=False, error=error.message)
    try:
        reply = transport.post(target, body=body, headers=headers)
    except OSError as error:
        return Outcome(succeeded=False, error=f"{type(error).__name__}: {error}")
    return Outcome(
        succeeded=200 <= reply.status < 300,
        status_code=reply.status,
        response=reply.body,
        retry_after=(
            retry_after_parse(reply.retry_after, timezone.now())
            if reply.status in RETRY_AFTER_STATUSES
            else None
        ),
        gone=reply.status == 410,
    )


def _attempt(delivery: Delivery, now: datetime) -> Outcome:
    message = delivery.message
    body = message.body.encode("utf-8")
    if delivery.channel == Channel.EMAIL:
        content = orjson.loads(body)
        email = EmailMultiAlternatives(
            subject=content["subject"], body=content["text"], to=[delivery.target]
        )
        if content.get("html"):
            email.attach_alternative(content["html"], "text/html")
        try:
            email.send()
        except Exception as error:  # any mail failure is retried
            return Outcome(succeeded=False, error=f"{type(error).__name__}: {error}")
        return Outcome(succeeded=True)
    if delivery.channel == Channel.CHAT:
        return _post(delivery.target, body, {})
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.enabled:
        return Outcome(succeeded=False, error=_("The endpoint is disabled."))
    # Signed with the moment it leaves, which receivers compare with their
    # clock; `now` is the schedule's clock (the tests move it).
    headers = webhook_headers(
        message, signing_secrets(endpoint, now), timezone.now(), body
    )
    return _post(endpoint.url, body, headers)


def _next_attempt(
    delivery: Delivery, outcome: Outcome, now: datetime
) -> datetime | None:
    if outcome.gone or delivery.attempts >= MAX_ATTEMPTS:
        return None
    if delivery.endpoint is not None and not delivery.endpoint.enabled:
        return None
    if outcome.retry_after is not None:
        return now + outcome.retry_after
    delay = RETRY_DELAYS[delivery.attempts - 1]
    return now + delay * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311


def _endpoint_disable(endpoint: WebhookEndpoint, reason: str, now: datetime) -> None:
    endpoint.enabled = False
    endpoint.disabled_reason = reason[:300]
    endpoint.disabled_at = now
    endpoint.save(update_fields=["enabled", "disabled_reason", "disabled_at"])


def _admins_tell_disabled(endpoint: WebhookEndpoint) -> None:
    """E-mail the workspace's admins, through the outbox like any message.

    Users have no language of their own yet; the workspace's is theirs.
    """
    workspace = endpoint.workspace
    admins = [
        membership.user.email
        for membership in accounts.membership_list(workspace=workspace)
        if membership.is_admin
    ]
    subject, text, html = email_render(
        "delivery/email/endpoint_disabled",
        {"endpoint": endpoint, "workspace": workspace},
        language=workspace.default_locale,
    )
    email_enqueue(
        workspace=workspace,
        to=admins,
        subject=subject,
        text=text,
        html=html,
        kind="notification.endpoint_disabled",
    )


def _endpoint_note(endpoint: WebhookEndpoint, outcome: Outcome, now: datetime) -> None:
    if outcome.succeeded and endpoint.failing_since is None:
        return  # the common case: nothing to change, no lock to take
    # Re-read under the row's lock: many deliveries of one endpoint finish
    # at once, and one of them disables it and tells the admins, once.
    current = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint.pk).first()
    if current is None:
        return  # deleted while this attempt was on its way
    if outcome.succeeded:
        if current.failing_since is not None:
            current.failing_since = None
            current.save(update_fields=["failing_since"])
        return
    if not current.enabled:
        return
    if outcome.gone:
        _endpoint_disable(current, _("The endpoint answered 410 Gone."), now)
        _admins_tell_disabled(current)
    elif current.failing_since is None:
        current.failing_since = now
        current.save(update_fields=["failing_since"])
    elif current.failing_since <= now - DISABLE_AFTER_FAILING:
        _endpoint_disable(current, _("Every delivery failed for five days."), now)
        _admins_tell_disabled(current)
    endpoint.refresh_from_db()


@transaction.atomic
def _record(delivery: Delivery, outcome: Outcome, now: datetime) -> Delivery:
    if delivery.endpoint is not None:
        _endpoint_note(delivery.endpoint, outcome, now)
    delivery.last_status_code = outcome.status_code
    delivery.last_response = outcome.response
    delivery.last_error = outcome.error[:ERROR_LENGTH]
    if outcome.succeeded:
        delivery.status = Delivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = _next_attempt(delivery, outcome, now)
        if delivery.next_attempt_at is None:
            delivery.status = Delivery.Status.FAILED
    # An update, not a save: the row may have gone with its endpoint while
    # the attempt was on its way, and then there is nothing to record.
    Delivery.objects.filter(pk=delivery.pk).update(
        status=delivery.status,
        next_attempt_at=delivery.next_attempt_at,
        delivered_at=delivery.delivered_at,
        last_status_code=delivery.last_status_code,
        last_response=delivery.last_response,
        last_error=delivery.last_error,
    )
    return delivery


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """One attempt of a due delivery; None if it is not due or another has it.

    Runs outside any transaction: the claim commits before the request, and
    its outcome after, so the network wait holds no lock.
    """
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    outcome = _attempt(delivery, now)
    if not outcome.succeeded:
        logger.info(
            "delivery %s attempt %s failed: %s %s",
            delivery.pk,
            delivery.attempts,
            outcome.status_code,
            outcome.error,
        )
    return _record(delivery, outcome, now)


def deliveries_send_due(*, now: datetime | None = None) -> int:
    """Enqueue a send for every delivery that is due; return how many.

    A delivery whose task was lost (a crash between commit and enqueue), one
    whose worker was killed mid-attempt (its lease ran out) and one waiting
    for its retry all come here. A send enqueued twice is harmless: the
    claim lets one attempt through.
    """
    from cxloop.delivery import tasks

    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in due:
        tasks.delivery_send.enqueue(pk)
    return len(due)


# ------------------------------------------------------------ redelivery


def _endpoint_usable(delivery: Delivery) -> None:
    if delivery.endpoint is not None and not delivery.endpoint.enabled:
        raise Conflict(_("Enable the endpoint before redelivering to it."))


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Send a delivery again from the start of the schedule, same webhook-id."""
    _endpoint_usable(delivery)
    if delivery.status == Delivery.Status.PENDING:
        raise Conflict(_("This delivery is already waiting to be sent."))
    now = now or timezone.now()
    delivery.status = Delivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    _send_after_commit([delivery])
    return delivery


@transaction.atomic
def deliveries_redeliver_failed(
    *, endpoint: WebhookEndpoint, since: datetime, now: datetime | None = None
) -> int:
    """Redeliver every failed delivery to `endpoint` created since `since`."""
    if not endpoint.enabled:
        raise Conflict(_("Enable the endpoint before redelivering to it."))
    now = now or timezone.now()
    failed = list(
        selectors.delivery_list(
            workspace=endpoint.workspace, endpoint=endpoint, status="failed"
        ).filter(created_at__gte=since)
    )
    Delivery.objects.filter(pk__in=[d.pk for d in failed]).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=now
    )
    _send_after_commit(failed)
    return len(failed)


def messages_prune(*, now: datetime | None = None) -> int:
    """Delete messages older than KEEP_MESSAGES with no delivery still pending."""
    now = now or timezone.now()
    old = Message.objects.filter(created_at__lt=now - KEEP_MESSAGES).exclude(
        deliveries__status=Delivery.Status.PENDING
    )
    deleted, _counts = Message.objects.filter(
        pk__in=list(old.values_list("pk", flat=True)[:10_000])
    ).delete()
    return deleted
