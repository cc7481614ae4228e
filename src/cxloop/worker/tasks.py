from django_tasks import task

from cxloop.worker import services


@task()
def prune_finished_tasks() -> int:
    return services.prune_finished_tasks()


@task()
def ping(note: str) -> str:
    """A no-op task; `cxloop worker --check` and the tests use it."""
    return f"pong: {note}"
