from django_tasks import task

from cxloop.integrations import services


@task()
def delivery_apply(delivery_id: int) -> str:
    return services.delivery_apply(delivery_id=delivery_id).status


@task()
def deliveries_retry() -> int:
    """Periodic: apply deliveries whose task was lost or whose apply failed."""
    return services.delivery_retry_due()


@task()
def woocommerce_sync_all() -> int:
    """Periodic: read what WooCommerce shops changed, in case a webhook was lost."""
    return services.woocommerce_sync_due()


@task()
def delivery_bodies_expire() -> int:
    """Periodic: drop applied deliveries' bodies after the retention period."""
    return services.delivery_bodies_expire()


@task()
def magento_sync_all() -> int:
    """Periodic: read what Magento shops changed, in case a webhook was lost."""
    return services.magento_sync_due()
