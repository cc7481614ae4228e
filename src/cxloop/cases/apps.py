from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cxloop.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from cxloop.accounts import hooks as account_hooks
        from cxloop.cases import selectors, services, tasks
        from cxloop.customers import hooks as customer_hooks
        from cxloop.worker import schedule

        account_hooks.on_workspace_created(services.workspace_created)
        # Customers sits above cases: merges, erasure, the export and the
        # 360 view reach cases through its hooks.
        customer_hooks.on_merge(services.case_move_customers)
        customer_hooks.on_erase(services.case_erase)
        customer_hooks.export_sections("cases", selectors.case_export_for_customer)
        customer_hooks.summary_sections(
            "open_cases", selectors.case_summary_for_customer
        )
        customer_hooks.timeline_sources(selectors.case_timeline_for_customer)
        schedule.register("cases.check_sla", every_seconds=60, task=tasks.check_sla)
