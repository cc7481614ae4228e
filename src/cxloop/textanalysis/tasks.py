from django_tasks import task

from cxloop.accounts.models import Workspace
from cxloop.textanalysis import services, topic_services


@task()
def analyse_comment(analysis_id: int) -> None:
    services.analysis_run_one(analysis_id=analysis_id)


@task()
def analyse_pending() -> int:
    return services.analysis_sweep()


@task()
def train_sentiment_models() -> int:
    return services.sentiment_models_train_all()


@task()
def discover_topics(run_id: int) -> None:
    topic_services.discovery_run(run_id=run_id)


@task()
def discover_due_topics() -> int:
    return topic_services.discovery_sweep()


@task()
def reassign_topics(workspace_id: int) -> int:
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    return topic_services.topics_reassign(workspace=workspace) if workspace else 0


@task()
def prepare_topic(topic_id: int) -> None:
    topic_services.topic_prepare(topic_id=topic_id)


@task()
def train_topic_model(workspace_id: int) -> None:
    topic_services.topic_model_train(workspace_id=workspace_id)


# Comments already have their topics from the text-only model; the vectors
# serve the next discovery. No task priority: the Redis backend (RQ) refuses
# one; each run stops after a few seconds, so analysis is never held up long.
@task()
def embed_comments(workspace_id: int) -> int:
    return topic_services.comments_embed_pending(workspace_id=workspace_id)


@task()
def embed_pending_comments() -> int:
    return topic_services.comments_embed_sweep()
