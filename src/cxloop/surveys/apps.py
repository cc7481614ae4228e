from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cxloop.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from cxloop.accounts import hooks
        from cxloop.surveys import services

        hooks.on_workspace_created(services.workspace_created)
