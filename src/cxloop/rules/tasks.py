from django_tasks import task

from cxloop.rules import services


@task()
def rules_evaluate(trigger: str, kind: str, object_ids: list[int]) -> int:
    """Evaluate the noted objects of one signal; how many firings."""
    return services.pending_evaluate(trigger=trigger, kind=kind, object_ids=object_ids)


@task()
def rules_evaluate_due() -> int:
    """Periodic: evaluate what a lost task or a killed worker left pending."""
    return services.pending_sweep()


@task()
def rules_run_scheduled() -> int:
    """Periodic: scheduled rules look at the responses since their last run."""
    return services.schedule_run()
