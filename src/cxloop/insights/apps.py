from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "cxloop.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from cxloop.insights import tasks
        from cxloop.worker import schedule

        # Digests (helper "digest"): every few minutes, so each workspace's
        # Monday 08:00 is met within minutes whatever its time zone.
        schedule.register(
            "insights.send_due_digests",
            every_seconds=5 * 60,
            task=tasks.digests_send_due,
        )
