"""Fixed-window request counters for the public endpoints (429 + Retry-After).

Counters live in Django's default cache: per process without Redis (so the
effective limit is the limit × web processes), shared by every process when
REDIS_URL is set. A limit of 0 switches that counter off.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Refusal:
    """Which counter ran out, and when the caller may try again."""

    scope: str
    limit: int
    retry_after: int


def client_ip(request: HttpRequest) -> str:
    """The caller's address; behind a proxy, the header the operator trusts."""
    header = settings.CXLOOP_CLIENT_IP_HEADER
    if header:
        forwarded = str(request.META.get(header, ""))
        # X-Forwarded-For lists the client first, then each proxy.
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return str(request.META.get("REMOTE_ADDR", ""))


def hit(scope: str, identity: str, limit: int) -> Refusal | None:
    """Count one request; a Refusal once `limit` requests used this window."""
    if limit <= 0:
        return None
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    digest = hashlib.blake2b(identity.encode(), digest_size=12).hexdigest()
    key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window began
        cache.add(key, 1, timeout=WINDOW_SECONDS + 1)
        count = 1
    if count <= limit:
        return None
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
    return Refusal(scope=scope, limit=limit, retry_after=retry_after)
