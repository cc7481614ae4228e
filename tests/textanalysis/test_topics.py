from collections import Counter

import pytest

from cxloop.accounts.models import Workspace
from cxloop.textanalysis.models import (
    CommentEmbedding,
    Topic,
    TopicAssignment,
    TopicDiscovery,
)
from tests.textanalysis import topic_data
from tests.textanalysis.topic_data import CaptureOnCommit

pytestmark = pytest.mark.django_db


def _topics_of(response_id: int) -> set[int]:
    return set(
        TopicAssignment.objects.filter(response_id=response_id).values_list(
            "topic__number", flat=True
        )
    )


def test_discovery_runs_by_itself_once_a_workspace_has_fifty_comments(
    workspace_a: Workspace, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    subjects = topic_data.load(workspace_a, django_capture_on_commit_callbacks)

    run = TopicDiscovery.objects.of(workspace_a).get()
    assert run.status == TopicDiscovery.Status.DONE, run.error
    assert run.trigger == TopicDiscovery.Trigger.FIRST
    assert CommentEmbedding.objects.of(workspace_a).count() == len(subjects)
    active = Topic.objects.of(workspace_a).filter(status=Topic.Status.ACTIVE)
    assert active.count() >= 3
    # Each subject lands mostly in one topic, whatever the language.
    for subject in topic_data.SUBJECTS:
        numbers: Counter[int] = Counter()
        ids = [pk for pk, s in subjects.items() if s == subject]
        for pk in ids:
            numbers.update(_topics_of(pk))
        assert numbers.most_common(1)[0][1] >= 0.5 * len(ids)
