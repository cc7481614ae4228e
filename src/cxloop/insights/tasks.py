from django_tasks import task

from cxloop.insights import rollups


@task()
def roll_up_scores() -> int:
    return rollups.scores_catch_up_all()
