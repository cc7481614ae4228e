from django_tasks import task

from cxloop.cases import services


@task()
def check_sla() -> dict[str, int]:
    """Periodic: warn of cases breaching within 2 hours, record breaches."""
    report = services.sla_check()
    return {
        "warned": report.warned,
        "breached": report.breached,
        "escalated": report.escalated,
    }
