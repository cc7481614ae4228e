"""The outbox's limits and schedule, shared by its parts."""

import logging
from datetime import timedelta

from cxloop.delivery import transport
from cxloop.errors import InvalidInput

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
# A drain claims this many due deliveries at a time, sends a few endpoints'
# groups at once, stops after its budget (asking for another) so the
# worker's other tasks get a turn, and looks for new work this often while
# a slow group is on its way.
DRAIN_BATCH = 100
DRAIN_THREADS = 4
DRAIN_BUDGET = timedelta(seconds=20)
DRAIN_POLL_SECONDS = 0.05
# Time kept at the end of a lease for writing down the outcome.
RECORD_MARGIN_SECONDS = 5.0
RETRY_AFTER_STATUSES = {429, 502, 504}
# Sent and dead messages are kept this long for the dashboard and redelivery.
KEEP_MESSAGES = timedelta(days=30)
ERROR_LENGTH = 500


class PayloadTooLarge(InvalidInput):
    pass
