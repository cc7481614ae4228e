from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    name = "cxloop.loyalty"
    label = "loyalty"
    verbose_name = _("Loyalty")

    def ready(self) -> None:
        from cxloop.customers import hooks as customer_hooks
        from cxloop.loyalty import selectors, services, tasks
        from cxloop.worker import schedule

        # Customers sits above loyalty: orders and the 360 view reach the
        # ledger through its hooks.
        customer_hooks.on_order_saved(services.points_for_order)
        customer_hooks.on_merge(services.points_move_customers)
        customer_hooks.on_erase(services.points_erase)
        customer_hooks.summary_sections("loyalty", selectors.loyalty_summary)
        customer_hooks.export_sections("loyalty", selectors.loyalty_export)
        schedule.register(
            "loyalty.expire_due", every_seconds=60 * 60, task=tasks.expire_due
        )
