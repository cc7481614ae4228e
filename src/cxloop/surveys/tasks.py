"""Worker entry points of the surveys app; each is a thin wrapper of a service."""

from django_tasks import task

from cxloop.surveys import services


@task()
def schedule_invitations() -> int:
    """Turn new trigger events into scheduled e-mail invitations."""
    return services.invitations_schedule_all()


@task()
def send_due_invitations() -> dict[str, int]:
    report = services.invitations_send_due()
    return {
        "sent": report.sent,
        "skipped": report.skipped,
        "postponed": report.postponed,
        "failed": report.failed,
    }
