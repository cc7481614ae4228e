from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextanalysisConfig(AppConfig):
    name = "cxloop.textanalysis"
    label = "textanalysis"
    verbose_name = _("Text analysis")

    def ready(self) -> None:
        from cxloop.customers import hooks as customer_hooks
        from cxloop.surveys import hooks
        from cxloop.textanalysis import services, tasks, topic_selectors, topic_services
        from cxloop.worker import schedule

        hooks.on_response_stored(services.analysis_request)
        hooks.on_response_records(topic_selectors.response_enrichment)
        schedule.register(
            "textanalysis.analyse_pending", every_seconds=60, task=tasks.analyse_pending
        )
        schedule.register(
            "textanalysis.train_sentiment_models",
            every_seconds=24 * 60 * 60,
            task=tasks.train_sentiment_models,
        )
        schedule.register(
            "textanalysis.discover_due_topics",
            every_seconds=60 * 60,
            task=tasks.discover_due_topics,
        )
        schedule.register(
            "textanalysis.embed_pending_comments",
            every_seconds=10 * 60,
            task=tasks.embed_pending_comments,
        )
        customer_hooks.on_erase(topic_services.topics_erase)
