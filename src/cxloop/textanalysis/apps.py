from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextanalysisConfig(AppConfig):
    name = "cxloop.textanalysis"
    label = "textanalysis"
    verbose_name = _("Text analysis")
