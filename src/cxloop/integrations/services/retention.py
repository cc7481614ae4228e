"""Raw delivery bodies are kept only as long as they are useful."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cxloop.integrations.models import WebhookDelivery
from cxloop.integrations.services.common import MAX_ATTEMPTS, Status
from cxloop.integrations.services.erasure import ERASED_BODY

RETAINED_NOTE = "Body dropped after the retention period."


def delivery_bodies_expire() -> int:
    """Drop the bodies of settled deliveries past the retention period.

    A body is personal data kept only to apply it (and to apply it again
    after a fix): once settled — applied, ignored, a Shopify test, or
    failed with no retry left (MAX_ATTEMPTS) — it goes after
    CXLOOP_RAW_BODY_RETENTION_DAYS, redacted as an erasure redacts it. The
    row, its status and delivery id stay, so a shop's late retry is still a
    duplicate and the dashboard still lists what came. A delivery still
    waiting (received, paused, failed with retries left) keeps its body.
    Returns how many.
    """
    days: int = settings.CXLOOP_RAW_BODY_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    return (
        WebhookDelivery.objects.filter(
            Q(status__in=[Status.APPLIED, Status.IGNORED, Status.TEST])
            | Q(status=Status.FAILED, attempts__gte=MAX_ATTEMPTS),
            received_at__lt=cutoff,
        )
        .exclude(body=ERASED_BODY)
        .update(body=ERASED_BODY, note=RETAINED_NOTE)
    )
