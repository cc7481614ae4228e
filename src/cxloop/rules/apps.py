from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "cxloop.rules"
    label = "rules"
    verbose_name = _("Rules")

    def ready(self) -> None:
        from cxloop.accounts import hooks as account_hooks
        from cxloop.cases import hooks as case_hooks
        from cxloop.journeys import hooks as journey_hooks
        from cxloop.rules import builtin_actions, case_actions, services, tasks
        from cxloop.surveys import hooks as survey_hooks
        from cxloop.textanalysis import hooks as text_hooks
        from cxloop.worker import schedule

        builtin_actions.register_builtin()
        survey_hooks.on_response_stored(services.on_response_stored)
        text_hooks.on_response_analysed(services.on_response_analysed)
        journey_hooks.on_events_stored(services.on_events_stored)
        # Evaluates what a lost task or a killed worker left pending.
        schedule.register(
            "rules.evaluate_due", every_seconds=10, task=tasks.rules_evaluate_due
        )
        schedule.register(
            "rules.run_scheduled", every_seconds=60 * 60, task=tasks.rules_run_scheduled
        )
        case_actions.register()
        case_hooks.on_case_changed(services.on_case_changed)
        # After cases' own hook (INSTALLED_APPS order): its default SLA
        # policy exists when the default rules are made.
        account_hooks.on_workspace_created(services.workspace_created)
