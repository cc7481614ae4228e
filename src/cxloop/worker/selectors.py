from datetime import datetime

from django.db.models import Max

from cxloop.worker.models import Heartbeat


def heartbeat_last_seen() -> datetime | None:
    """When any worker last reported in, or None if none ever has."""
    last: datetime | None = Heartbeat.objects.aggregate(last=Max("last_seen_at"))[
        "last"
    ]
    return last
