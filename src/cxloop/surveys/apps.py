from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cxloop.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from cxloop.accounts import hooks
        from cxloop.customers import hooks as customer_hooks
        from cxloop.surveys import selectors, services, tasks
        from cxloop.worker import schedule

        hooks.on_workspace_created(services.workspace_created)
        schedule.register(
            "surveys.schedule_invitations",
            every_seconds=30,
            task=tasks.schedule_invitations,
        )
        schedule.register(
            "surveys.send_due_invitations",
            every_seconds=30,
            task=tasks.send_due_invitations,
        )
        # Customers sits above surveys: it reaches responses through its hooks.
        customer_hooks.on_merge(services.response_move_customers)
        customer_hooks.on_identify(services.response_identify)
        customer_hooks.on_erase(services.response_erase)
        customer_hooks.export_sections(
            "responses", selectors.response_export_for_customer
        )
        customer_hooks.summary_sections(
            "feedback", selectors.response_summary_for_customer
        )
        customer_hooks.timeline_sources(selectors.response_timeline_for_customer)
