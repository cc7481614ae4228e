"""Sending a delivery: signed, checked against SSRF, retried on a schedule."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import orjson
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from cxloop.accounts import selectors as accounts
from cxloop.delivery import ssrf, transport
from cxloop.delivery.models import Channel, Delivery, Message, WebhookEndpoint
from cxloop.delivery.services.endpoints import signing_secrets
from cxloop.delivery.services.limits import (
    DISABLE_AFTER_FAILING,
    ERROR_LENGTH,
    JITTER,
    LEASE,
    MAX_ATTEMPTS,
    MAX_RETRY_AFTER,
    RETRY_AFTER_STATUSES,
    RETRY_DELAYS,
    SWEEP_BATCH,
    logger,
)
from cxloop.delivery.services.outbox import email_enqueue, email_render


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status_code: int | None = None
    response: str = ""
    error: str = ""
    retry_after: timedelta | None = None
    gone: bool = False


def delivery_claim(delivery_id: int, now: datetime) -> Delivery | None:
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
    delivery = delivery_claim(delivery_id, now)
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
