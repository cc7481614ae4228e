from django_tasks import task

from cxloop.accounts.models import Workspace
from cxloop.insights import digest, rollups


@task()
def roll_up_scores() -> int:
    return rollups.scores_catch_up_all()


@task()
def digests_send_due() -> int:
    """Periodic: enqueue the digest of each workspace whose 08:00 has come."""
    return digest.digests_send_due()


@task()
def digest_send(workspace_id: int, kind: str, label: str) -> int:
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return 0
    return digest.digest_send(workspace=workspace, kind=kind, label=label)
