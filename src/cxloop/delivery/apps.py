from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "cxloop.delivery"
    label = "delivery"
    verbose_name = _("Delivery")

    def ready(self) -> None:
        from cxloop.delivery import tasks
        from cxloop.worker import schedule

        # Sends what a lost task, a killed worker or a retry left due.
        schedule.register(
            "delivery.send_due", every_seconds=5, task=tasks.deliveries_send_due
        )
        schedule.register(
            "delivery.prune", every_seconds=6 * 60 * 60, task=tasks.messages_prune
        )
