from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "cxloop.journeys"
    label = "journeys"
    verbose_name = _("Journeys")

    def ready(self) -> None:
        from cxloop.accounts import hooks as account_hooks
        from cxloop.customers import hooks
        from cxloop.journeys import selectors, services, tasks
        from cxloop.worker import schedule

        account_hooks.on_workspace_created(services.workspace_created)
        schedule.register(
            "journeys.roll_up_funnel_moments",
            every_seconds=30,
            task=tasks.roll_up_funnel_moments,
        )
        # Customers sits above journeys: it reaches events through its hooks.

        hooks.on_merge(services.event_move_customers)
        hooks.on_identify(services.event_identify)
        hooks.on_erase(services.event_erase)
        hooks.on_order_milestones(services.event_record_order_milestones)
        hooks.export_sections("events", selectors.event_export_for_customer)
        hooks.timeline_sources(selectors.event_timeline_for_customer)
