"""The background worker: real worker processes, the scheduler and /healthz."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend
from pytest_django.fixtures import Settings

from cxloop.web.views.health import WORKER_STALE_SECONDS
from cxloop.worker import schedule, services
from cxloop.worker.models import Heartbeat, ScheduledJob
from tests import processes
from tests.processes import django_json

PRUNE = "worker.prune_finished_tasks"

# Enqueues `ping` in this (other) process and waits for a worker to run it.
ENQUEUE_PING_AND_WAIT = """
import time
from django_tasks import TaskResultStatus
from cxloop.worker.tasks import ping

task_result = ping.enqueue("from another process")
deadline = time.monotonic() + 60
while time.monotonic() < deadline and task_result.status not in (
    TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED
):
    time.sleep(0.2)
    task_result.refresh()
successful = task_result.status == TaskResultStatus.SUCCESSFUL
result = {
    "status": str(task_result.status),
    "return_value": task_result.return_value if successful else None,
    "worker_ids": list(task_result.worker_ids),
}
"""

HEARTBEATS = """
from cxloop.worker.models import Heartbeat
result = list(Heartbeat.objects.order_by("pid").values("pid", "backend", "worker_id"))
"""

# Waits until every worker has beaten twice (so each finished its first
# scheduler tick), then reports what the scheduler did.
AFTER_TWO_TICKS_EACH = """
import time
from cxloop.worker.models import Heartbeat, ScheduledJob
from django_tasks_db.models import DBTaskResult

deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    beats = list(Heartbeat.objects.all())
    second_beats = [
        beat for beat in beats
        if (beat.last_seen_at - beat.started_at).total_seconds() >= 5
    ]
    if len(beats) == WORKERS and len(second_beats) == WORKERS:
        break
    time.sleep(0.3)
jobs = list(ScheduledJob.objects.filter(name="worker.prune_finished_tasks"))
result = {
    "heartbeat_pids": sorted(beat.pid for beat in beats),
    "ticked_twice": len(second_beats),
    "jobs": [
        {
            "next_run_after_last_enqueue": (
                job.next_run_at - job.last_enqueued_at
            ).total_seconds(),
        }
        for job in jobs
    ],
    "prune_tasks": DBTaskResult.objects.filter(
        task_path="cxloop.worker.tasks.prune_finished_tasks"
    ).count(),
}
"""


def _worker_beat_from(worker: processes.Process) -> list[dict[str, Any]] | None:
    env = worker.extra["env"]
    beats = [b for b in django_json(env, HEARTBEATS) if b["pid"] == worker.popen.pid]
    return beats or None


# ------------------------------------------------------- worker processes


def test_a_worker_runs_a_task_enqueued_by_another_process(
    database_worker: processes.Process,
) -> None:
    outcome = django_json(database_worker.extra["env"], ENQUEUE_PING_AND_WAIT)

    assert outcome["status"] == "SUCCESSFUL", database_worker.log_tail()
    assert outcome["return_value"] == "pong: from another process"
    assert len(outcome["worker_ids"]) == 1
    assert f"-{database_worker.popen.pid}-" in outcome["worker_ids"][0]


def test_a_running_worker_records_its_heartbeat(
    database_worker: processes.Process,
) -> None:
    beats = processes.wait_for(
        lambda: _worker_beat_from(database_worker),
        timeout=30,
        what="the worker's heartbeat row",
        alive=database_worker,
    )

    assert len(beats) == 1
    assert beats[0]["backend"] == "database"


def test_two_workers_enqueue_a_due_scheduled_job_only_once(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    argv = [*processes.CLI, "worker"]
    with (
        processes.running("worker-1", argv, cli_env, tmp_path) as first,
        processes.running("worker-2", argv, cli_env, tmp_path) as second,
    ):
        report = django_json(cli_env, "WORKERS = 2\n" + AFTER_TWO_TICKS_EACH)
        logs = first.log_tail() + "\n" + second.log_tail()

    assert report["heartbeat_pids"] == sorted([first.popen.pid, second.popen.pid])
    assert report["ticked_twice"] == 2, logs
    assert report["jobs"] == [
        {"next_run_after_last_enqueue": timedelta(hours=6).total_seconds()}
    ]
    assert report["prune_tasks"] == 1, logs
    assert logs.count(f"scheduled job {PRUNE} enqueued") == 1


def test_a_worker_on_redis_runs_a_task_enqueued_by_another_process(
    cli_env: dict[str, str], redis_url: str, tmp_path: Path
) -> None:
    env = {**cli_env, "REDIS_URL": redis_url}

    with processes.running(
        "rq-worker", [*processes.CLI, "worker"], env, tmp_path
    ) as worker:
        outcome = django_json(env, ENQUEUE_PING_AND_WAIT)
        worker.extra["env"] = env
        beats = processes.wait_for(
            lambda: _worker_beat_from(worker),
            timeout=30,
            what="the RQ worker's heartbeat row",
            alive=worker,
        )
        log = worker.log_tail()

    assert outcome["status"] == "SUCCESSFUL", log
    assert outcome["return_value"] == "pong: from another process"
    assert beats[0]["backend"] == "rq"


# ----------------------------------------------------- scheduler, in-process


@pytest.fixture
def dummy_tasks(settings: Settings) -> DummyBackend:
    """Record enqueued tasks instead of running them."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend


def _enqueued(backend: DummyBackend, task_name: str) -> int:
    return len([result for result in backend.results if result.task.name == task_name])


def test_a_due_job_is_enqueued_once_and_not_again_on_the_next_tick(
    db: None, dummy_tasks: DummyBackend
) -> None:
    first = schedule.tick()
    second = schedule.tick()

    assert PRUNE in first
    assert second == []
    assert _enqueued(dummy_tasks, "prune_finished_tasks") == 1
    assert ScheduledJob.objects.filter(name=PRUNE).count() == 1


def test_a_job_is_enqueued_again_once_it_falls_due(
    db: None, dummy_tasks: DummyBackend
) -> None:
    schedule.tick()
    ScheduledJob.objects.filter(name=PRUNE).update(
        next_run_at=timezone.now() - timedelta(seconds=1)
    )

    assert PRUNE in schedule.tick()
    assert _enqueued(dummy_tasks, "prune_finished_tasks") == 2


def test_a_job_that_is_not_due_yet_is_left_alone(
    db: None, dummy_tasks: DummyBackend
) -> None:
    ScheduledJob.objects.create(
        name=PRUNE, next_run_at=timezone.now() + timedelta(hours=1)
    )

    assert PRUNE not in schedule.tick()
    assert _enqueued(dummy_tasks, "prune_finished_tasks") == 0


# ---------------------------------------------------------------- healthz


def test_healthz_reports_no_worker_when_none_ever_beat(
    db: None, client: Client
) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["worker"] == {
        "last_heartbeat_at": None,
        "heartbeat_age_seconds": None,
        "ok": False,
    }


def test_healthz_reports_a_worker_that_just_beat_as_ok(
    db: None, client: Client
) -> None:
    services.heartbeat_beat(
        worker_id="host-1-abc", hostname="host", pid=1, backend="database"
    )

    worker = client.get("/healthz").json()["worker"]

    assert worker["ok"] is True
    assert 0 <= worker["heartbeat_age_seconds"] < WORKER_STALE_SECONDS
    assert worker["last_heartbeat_at"] is not None


def test_healthz_reports_a_silent_worker_as_not_ok_with_its_age(
    db: None, client: Client
) -> None:
    services.heartbeat_beat(
        worker_id="host-1-abc", hostname="host", pid=1, backend="database"
    )
    Heartbeat.objects.update(last_seen_at=timezone.now() - timedelta(minutes=5))

    response = client.get("/healthz")

    assert response.status_code == 200
    worker = response.json()["worker"]
    assert worker["ok"] is False
    assert worker["heartbeat_age_seconds"] >= 5 * 60
