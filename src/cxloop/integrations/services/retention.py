"""Raw delivery bodies are kept only as long as they are useful."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cxloop.integrations.models import WebhookDelivery
from cxloop.integrations.services.common import Status
from cxloop.integrations.services.erasure import ERASED_BODY

RETAINED_NOTE = "Body dropped after the retention period."


def delivery_bodies_expire() -> int:
    """Drop the bodies of settled deliveries past the retention period.

    A body is personal data kept only to apply it (and to apply it again
    after a fix): once applied or ignored, it goes after
    CXLOOP_RAW_BODY_RETENTION_DAYS, redacted as an erasure redacts it. The
    row, its status and delivery id stay, so a shop's late retry is still a
    duplicate and the dashboard still lists what came. A delivery still
    waiting (received, failed, paused) keeps its body. Returns how many.
    """
    days: int = settings.CXLOOP_RAW_BODY_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    return (
        WebhookDelivery.objects.filter(
            status__in=[Status.APPLIED, Status.IGNORED], received_at__lt=cutoff
        )
        .exclude(body=ERASED_BODY)
        .update(body=ERASED_BODY, note=RETAINED_NOTE)
    )
