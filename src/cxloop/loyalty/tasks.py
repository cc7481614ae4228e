from django_tasks import task

from cxloop.loyalty import services


@task()
def expire_due() -> dict[str, int]:
    """Periodic: expire the points whose time has come."""
    return {"expired": services.points_expire_due()}
