from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "cxloop.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from cxloop.customers import hooks as customer_hooks
        from cxloop.insights import rollups, tasks
        from cxloop.surveys import hooks as survey_hooks
        from cxloop.worker import schedule

        # Everything that changes a response's cell or scores queues it for
        # the rollup, in the writer's transaction (see insights.rollups).
        survey_hooks.on_response_stored(rollups.response_stored)
        survey_hooks.on_responses_imported(rollups.responses_imported)
        customer_hooks.on_merge(rollups.customers_merged)
        customer_hooks.on_identify(rollups.visitors_identified)
        customer_hooks.on_erase(rollups.customer_erased)
        customer_hooks.on_orders_changed(rollups.orders_changed)
        schedule.register(
            "insights.roll_up_scores", every_seconds=30, task=tasks.roll_up_scores
        )
        # Every few minutes, so each workspace's Monday 08:00 is met within
        # minutes whatever its time zone.
        schedule.register(
            "insights.send_due_digests",
            every_seconds=5 * 60,
            task=tasks.digests_send_due,
        )
