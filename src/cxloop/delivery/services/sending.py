"""Sending a delivery: signed, checked against SSRF, retried on a schedule."""

import random
import secrets
import time
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
from cxloop.delivery.models import (
    Channel,
    Delivery,
    DeliveryAttempt,
    Message,
    WebhookEndpoint,
)
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
    # No answer within the time-out: a drain sends no more to that endpoint.
    timed_out: bool = False


@dataclass(frozen=True)
class Tried:
    """One attempt and its outcome; `at` on the schedule's clock."""

    delivery: Delivery
    outcome: Outcome
    at: datetime
    duration: float

    def attempt_row(self) -> DeliveryAttempt:
        return DeliveryAttempt(
            delivery_id=self.delivery.pk,
            number=self.delivery.attempts,
            at=self.at,
            duration_ms=min(int(self.duration * 1000), 2**31 - 1),
            status_code=self.outcome.status_code,
            response=self.outcome.response,
            error=self.outcome.error[:ERROR_LENGTH],
        )


def claim_token_new() -> str:
    return secrets.token_hex(16)


def delivery_claim(delivery_id: int, now: datetime) -> Delivery | None:
    """Take the delivery for one attempt, or None if it is not ours to send.

    A conditional UPDATE is the lock (a row lock on PostgreSQL, the write
    lock on SQLite) and commits at once: the attempt's lease is visible to
    every other worker before a byte is sent.
    """
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
    ).update(
        next_attempt_at=now + LEASE,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        claim_token=claim_token_new(),
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


def _outcome_of_reply(reply: transport.Reply) -> Outcome:
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


def _outcome_of_error(error: OSError) -> Outcome:
    return Outcome(
        succeeded=False,
        error=f"{type(error).__name__}: {error}",
        timed_out=isinstance(error, TimeoutError),
    )


def sender_post(
    sender: transport.Sender, body: bytes, headers: dict[str, str]
) -> Outcome:
    """One POST over a drain's kept-alive connection to a checked target."""
    try:
        return _outcome_of_reply(sender.post(body=body, headers=headers))
    except OSError as error:
        return _outcome_of_error(error)


def _post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    try:
        target = ssrf.url_check(url)
    except ssrf.UnsafeUrl as error:
        return Outcome(succeeded=False, error=error.message)
    try:
        reply = transport.post(target, body=body, headers=headers)
    except OSError as error:
        return _outcome_of_error(error)
    return _outcome_of_reply(reply)


def email_send(delivery: Delivery) -> Outcome:
    content = orjson.loads(delivery.message.body)
    email = EmailMultiAlternatives(
        subject=content["subject"],
        body=content["text"],
        to=[delivery.target],
        headers=content.get("headers") or None,
    )
    if content.get("html"):
        email.attach_alternative(content["html"], "text/html")
    try:
        email.send()
    except Exception as error:  # any mail failure is retried
        return Outcome(succeeded=False, error=f"{type(error).__name__}: {error}")
    return Outcome(succeeded=True)


def _attempt(delivery: Delivery, now: datetime) -> Outcome:
    message = delivery.message
    body = message.body.encode("utf-8")
    if delivery.channel == Channel.EMAIL:
        return email_send(delivery)
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
    """E-mail the workspace's admins, each in their language, through the outbox."""
    workspace = endpoint.workspace
    by_language: dict[str, list[str]] = {}
    for membership in accounts.membership_list(workspace=workspace):
        if membership.is_admin:
            user = membership.user
            by_language.setdefault(user.language_in(workspace), []).append(user.email)
    for language, addresses in sorted(by_language.items()):
        subject, text, html = email_render(
            "delivery/email/endpoint_disabled",
            {"endpoint": endpoint, "workspace": workspace},
            language=language,
        )
        email_enqueue(
            workspace=workspace,
            to=addresses,
            subject=subject,
            text=text,
            html=html,
            kind="notification.endpoint_disabled",
        )


def endpoint_note(endpoint: WebhookEndpoint, outcome: Outcome, now: datetime) -> None:
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


def _outcome_fields(delivery: Delivery, outcome: Outcome, now: datetime) -> None:
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


@transaction.atomic
def tried_record(tried: Tried, now: datetime) -> Delivery:
    """Write one attempt's outcome, its history row, and what it says of
    the endpoint (a 410, five days of failures) — if the claim is still ours."""
    delivery, outcome = tried.delivery, tried.outcome
    if delivery.endpoint is not None:
        endpoint_note(delivery.endpoint, outcome, now)
    _outcome_fields(delivery, outcome, now)
    # An update, not a save: the row may have gone with its endpoint while
    # the attempt was on its way, or (its lease lost) been claimed again;
    # then there is nothing of ours to record.
    recorded = Delivery.objects.filter(
        pk=delivery.pk, claim_token=delivery.claim_token
    ).update(
        status=delivery.status,
        next_attempt_at=delivery.next_attempt_at,
        delivered_at=delivery.delivered_at,
        last_attempt_at=tried.at,
        last_status_code=delivery.last_status_code,
        last_response=delivery.last_response,
        last_error=delivery.last_error,
    )
    if recorded:
        tried.attempt_row().save()
    return delivery


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> Delivery | None:
    """One attempt of a due delivery; None if it is not due or another has it.

    Runs outside any transaction: the claim commits before the request, and
    its outcome after, so the network wait holds no lock. A burst is sent
    by `deliveries_drain` instead, which batches the same steps.
    """
    now = now or timezone.now()
    delivery = delivery_claim(delivery_id, now)
    if delivery is None:
        return None
    started = time.monotonic()
    outcome = _attempt(delivery, now)
    duration = time.monotonic() - started
    if not outcome.succeeded:
        failure_log(delivery, outcome)
    return tried_record(Tried(delivery, outcome, now, duration), now)


def failure_log(delivery: Delivery, outcome: Outcome) -> None:
    logger.info(
        "delivery %s attempt %s failed: %s %s",
        delivery.pk,
        delivery.attempts,
        outcome.status_code,
        outcome.error,
    )
