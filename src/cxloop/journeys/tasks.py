from django_tasks import task

from cxloop.journeys import rollups


@task()
def roll_up_funnel_moments() -> int:
    return rollups.moments_catch_up_all()
