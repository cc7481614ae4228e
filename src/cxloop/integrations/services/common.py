"""What every part of the integrations services shares: limits and refusals."""

from datetime import timedelta
from typing import Literal

from cxloop.errors import DomainError
from cxloop.integrations.models import (
    WebhookDelivery,
)

MIN_SECRET_LENGTH = 12
GENERATED_SECRET_BYTES = 32
ERROR_LENGTH = 2000
# A task is enqueued when a delivery is stored; one still waiting after this
# long was lost (a worker or Redis restarted) and is enqueued again.
LOST_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 6
LAST_DELIVERY_RESOLUTION = timedelta(minutes=1)
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
RETRY_BATCH = 200
# The sync re-reads a little before where it got: an order saved in the
# same second as the cursor, or committed a moment after its
# date_modified, is not missed; what it reads twice is a duplicate.
SYNC_OVERLAP = timedelta(minutes=5)
# A first sync catches up on the day before the connection was made; older
# history is an import (`cxloop import orders`).
FIRST_SYNC_LOOKBACK = timedelta(days=1)
SYNC_TIE = timedelta(seconds=1)
# A shop whose orders keep changing faster than they are read is left for
# the next run rather than read forever.
SYNC_MAX_REQUESTS = 1000

Status = WebhookDelivery.Status
Outcome = Literal["accepted", "duplicate", "ignored", "paused", "ping", "too_large"]


class SignatureInvalid(DomainError):
    """No active connection's secret verifies the delivery."""

    status = 401


class BodyTooLarge(DomainError):
    status = 413


class ShopMismatch(DomainError):
    """A verified delivery names another shop than its connection's."""

    status = 403
