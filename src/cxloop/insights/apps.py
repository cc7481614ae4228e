from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "cxloop.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from cxloop.customers import hooks as customer_hooks
        from cxloop.insights import changes, tasks
        from cxloop.surveys import hooks as survey_hooks
        from cxloop.worker import schedule

        # Everything that changes a response's cell or scores queues it for
        # the rollup, in the writer's transaction (insights.changes).
        survey_hooks.on_response_stored(changes.response_stored)
        survey_hooks.on_responses_imported(changes.responses_imported)
        customer_hooks.on_merge(changes.customers_merged)
        customer_hooks.on_identify(changes.visitors_identified)
        customer_hooks.on_erase(changes.customer_erased)
        customer_hooks.on_orders_changed(changes.orders_changed)
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
