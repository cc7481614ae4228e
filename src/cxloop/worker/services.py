from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cxloop.worker.models import Heartbeat

FINISHED_TASK_RETENTION = timedelta(days=7)


def heartbeat_beat(*, worker_id: str, hostname: str, pid: int, backend: str) -> None:
    Heartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname,
            "pid": pid,
            "backend": backend,
            "last_seen_at": timezone.now(),
        },
    )


def heartbeat_forget_stale(*, older_than: timedelta = timedelta(days=1)) -> int:
    deleted, _ = Heartbeat.objects.filter(
        last_seen_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


def prune_finished_tasks() -> int:
    """Delete finished task results older than a week (database backend only)."""
    heartbeat_forget_stale()
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.filter(
        finished_at__lt=timezone.now() - FINISHED_TASK_RETENTION
    ).delete()
    return deleted
