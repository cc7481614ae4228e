from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """Background work: the worker process, its heartbeat and the scheduler.

    Cross-cutting infrastructure like `api` and `web`: domain apps register
    their periodic jobs here (`schedule.register`) from `AppConfig.ready()`.
    """

    name = "cxloop.worker"
    label = "worker"

    def ready(self) -> None:
        from cxloop.worker import schedule, tasks

        schedule.register(
            "worker.prune_finished_tasks",
            every_seconds=6 * 60 * 60,
            task=tasks.prune_finished_tasks,
        )
