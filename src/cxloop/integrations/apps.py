from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "cxloop.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from cxloop.customers import hooks as customer_hooks
        from cxloop.integrations import services, tasks
        from cxloop.worker import schedule

        # A person's erasure reaches the raw deliveries that named them.
        customer_hooks.on_erase(services.delivery_erase_for_customer)

        # Applies deliveries whose task was lost and retries failed ones.
        schedule.register(
            "integrations.retry_deliveries",
            every_seconds=60,
            task=tasks.deliveries_retry,
        )
        # WooCommerce never retries a delivery: its REST API is read for
        # whatever a failed or disabled webhook did not bring.
        schedule.register(
            "integrations.sync_woocommerce",
            every_seconds=15 * 60,
            task=tasks.woocommerce_sync_all,
        )
        # A Magento hook that timed out or failed is not sent again either.
        schedule.register(
            "integrations.sync_magento",
            every_seconds=15 * 60,
            task=tasks.magento_sync_all,
        )
        # Raw bodies are personal data: kept CXLOOP_RAW_BODY_RETENTION_DAYS
        # after they were applied.
        schedule.register(
            "integrations.expire_delivery_bodies",
            every_seconds=60 * 60,
            task=tasks.delivery_bodies_expire,
        )
