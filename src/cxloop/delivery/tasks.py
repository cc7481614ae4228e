from django_tasks import task

from cxloop.delivery import services


@task()
def delivery_send(delivery_id: int) -> str:
    """One delivery's attempt; kept for sends enqueued before drains existed."""
    delivery = services.delivery_send(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "not due"


@task()
def deliveries_drain() -> int:
    """Send every due delivery, a burst per task; see `services.deliveries_drain`."""
    return services.deliveries_drain()


@task()
def deliveries_send_due() -> int:
    """Periodic: send what a lost task, a killed worker or a retry left due."""
    return services.deliveries_send_due()


@task()
def messages_prune() -> int:
    """Periodic: forget sent and dead messages after 30 days."""
    return services.messages_prune()
