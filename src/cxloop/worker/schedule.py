"""Periodic jobs (SLA checks, digests, retraining…) run by the worker.

A domain app registers a job from its `AppConfig.ready()`:

    schedule.register("cases.check_sla", every_seconds=60, task=tasks.check_sla)

Every worker process runs `tick()` in a loop; a due job is claimed with a
conditional UPDATE so it is enqueued once however many workers run.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cxloop.worker.models import ScheduledJob


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Any  # a django_tasks Task taking no arguments


_registry: dict[str, PeriodicJob] = {}


def register(name: str, *, every_seconds: int, task: Any) -> None:
    _registry[name] = PeriodicJob(
        name=name, every=timedelta(seconds=every_seconds), task=task
    )


def registered() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda job: job.name)


def _ensure_row(job: PeriodicJob) -> None:
    if ScheduledJob.objects.filter(name=job.name).exists():
        return
    try:
        with transaction.atomic():
            ScheduledJob.objects.create(name=job.name, next_run_at=timezone.now())
    except IntegrityError:
        pass  # another worker created it first


def tick() -> list[str]:
    """Enqueue every due job this process manages to claim; return their names."""
    enqueued = []
    for job in registered():
        _ensure_row(job)
        now = timezone.now()
        # Claim and enqueue together: if enqueueing fails (Redis down), the
        # claim rolls back and the next tick tries again.
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(
                name=job.name, next_run_at__lte=now
            ).update(next_run_at=now + job.every, last_enqueued_at=now)
            if claimed:
                job.task.enqueue()
        if claimed:
            enqueued.append(job.name)
    return enqueued
