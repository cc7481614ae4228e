"""Redelivery of dead letters, and pruning of old messages."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.delivery import selectors
from cxloop.delivery.models import Delivery, Message, WebhookEndpoint
from cxloop.delivery.services.limits import (
    KEEP_MESSAGES,
)
from cxloop.delivery.services.outbox import deliveries_send_after_commit
from cxloop.errors import Conflict


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
    deliveries_send_after_commit([delivery])
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
    deliveries_send_after_commit(failed)
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
