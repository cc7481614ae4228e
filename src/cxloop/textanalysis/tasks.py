from django_tasks import task

from cxloop.textanalysis import services


@task()
def analyse_comment(analysis_id: int) -> None:
    services.analysis_run_one(analysis_id=analysis_id)


@task()
def analyse_pending() -> int:
    return services.analysis_sweep()


@task()
def train_sentiment_models() -> int:
    return services.sentiment_models_train_all()
