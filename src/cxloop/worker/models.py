from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """The last sign of life of one worker process, for /healthz."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    backend = models.CharField(max_length=32)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class ScheduledJob(models.Model):
    """When a periodic job is next due; shared by every worker.

    Workers claim a due job with a conditional UPDATE on `next_run_at`, so
    however many workers run, each due run is enqueued exactly once.
    """

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
