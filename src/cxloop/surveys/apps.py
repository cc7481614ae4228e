from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cxloop.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from cxloop.accounts import hooks
        from cxloop.surveys import services, tasks
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
