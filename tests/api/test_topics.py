"""/api/v1/topics: the codebook over the API, and topics on responses."""

from typing import Any

import pytest
from django.test import Client
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from cxloop.accounts.models import Workspace
from cxloop.textanalysis.models import Topic, TopicAssignment, TopicDiscovery
from tests import factories
from tests.api.test_surveys import call
from tests.textanalysis import factories as ta

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(workspace_a: Workspace) -> Topic:
    late = ta.topic(
        workspace_a, 1, "tarne, hilines", terms=["tarne", "hilines", "kuller"]
    )
    for n, text in enumerate(["Tarne hilines nädal.", "Kuller ei tulnud."]):
        response = ta.comment(workspace_a, text, response_id=f"r-{n}")
        ta.assign(response, late)
    late.examples = {"et": [response.pk]}
    late.save()
    return late


def test_topics_list_with_volume_sentiment_and_examples(
    client: Client, key_a: str, delivery: Topic
) -> None:
    body = call(client, "get", "/api/v1/topics", key_a).json()

    assert body["next_cursor"] is None
    [item] = body["items"]
    assert item["number"] == 1
    assert item["label"] == "tarne, hilines"
    assert item["volume"] == 2
    assert item["share"] == 1.0
    assert item["sentiment"]["negative"] == 2
    assert item["sentiment"]["score"] == pytest.approx(-0.6)
    assert sum(item["weekly"]) == 2
    assert item["examples"]["et"][0]["comment"] == "Kuller ei tulnud."
    assert item["examples"]["et"][0]["response_id"] == "r-1"


def test_responses_carry_language_sentiment_and_topics_once_analysed(
    client: Client, key_a: str, delivery: Topic
) -> None:
    body = call(client, "get", "/api/v1/responses", key_a).json()

    by_id = {item["response_id"]: item for item in body["items"]}
    assert by_id["r-0"]["language"] == "et"
    assert by_id["r-0"]["sentiment"] == {"score": -0.6, "label": "negative"}
    assert by_id["r-0"]["topics"] == [{"number": 1, "label": "tarne, hilines"}]


def test_a_topic_is_renamed_given_keywords_and_pinned_examples(
    client: Client, key_a: str, delivery: Topic
) -> None:
    body = call(
        client,
        "patch",
        "/api/v1/topics/1",
        key_a,
        {
            "label": "Late delivery",
            "keywords": ["hilin", "kuller"],
            "examples": ["r-0"],
        },
    ).json()

    assert body["label"] == "Late delivery"
    assert body["keywords"] == ["hilin", "kuller"]
    assert body["curated"] is True
    assert body["examples"]["et"][0] == {
        "response_id": "r-0",
        "comment": "Tarne hilines nädal.",
        "pinned": True,
    }
    stored = call(client, "get", "/api/v1/topics/1", key_a).json()
    assert (stored["label"], stored["keywords"]) == (
        "Late delivery",
        ["hilin", "kuller"],
    )


def test_bad_edits_name_the_field(client: Client, key_a: str, delivery: Topic) -> None:
    response = call(client, "patch", "/api/v1/topics/1", key_a, {"examples": ["nope"]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "examples"

    response = call(client, "post", "/api/v1/topics", key_a, {"label": "Empty"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "keywords"

    response = call(client, "post", "/api/v1/topics/1/merge", key_a, {"into": 1})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "into"


def test_a_topic_is_created_merged_and_deleted(
    client: Client, key_a: str, delivery: Topic
) -> None:
    created = call(
        client,
        "post",
        "/api/v1/topics",
        key_a,
        {"label": "Couriers", "keywords": ["kuller"]},
    )
    assert created.status_code == 201
    assert created.json()["number"] == 2
    assert created.json()["origin"] == "manual"

    merged = call(client, "post", "/api/v1/topics/1/merge", key_a, {"into": 2})
    assert merged.status_code == 200
    assert merged.json()["number"] == 2
    assert merged.json()["volume"] == 2
    source = call(client, "get", "/api/v1/topics/1", key_a).json()
    assert source["status"] == "merged"
    assert source["merged_into"] == 2

    deleted = call(client, "post", "/api/v1/topics/2/delete", key_a)
    assert deleted.json()["status"] == "deleted"
    assert not TopicAssignment.objects.filter(topic__number=2).exists()
    listed = call(client, "get", "/api/v1/topics?status=all", key_a).json()
    assert [(i["number"], i["status"]) for i in listed["items"]] == [
        (1, "merged"),
        (2, "deleted"),
    ]
    # A merged or deleted topic cannot be edited again.
    again = call(client, "patch", "/api/v1/topics/2", key_a, {"label": "Back"})
    assert again.status_code == 409


def test_discovery_is_queued_once_and_reported(
    client: Client,
    key_a: str,
    workspace_a: Workspace,
    settings: object,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    assert call(client, "get", "/api/v1/topics/discovery", key_a).status_code == 404

    first = call(client, "post", "/api/v1/topics/discover", key_a)
    second = call(client, "post", "/api/v1/topics/discover", key_a)

    assert first.status_code == second.status_code == 202
    assert first.json()["status"] == "queued"
    assert TopicDiscovery.objects.of(workspace_a).count() == 1
    latest = call(client, "get", "/api/v1/topics/discovery", key_a).json()
    assert latest["trigger"] == "request"
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reassign = call(client, "post", "/api/v1/topics/reassign", key_a)
    assert reassign.status_code == 202
    [queued] = backend.results
    assert queued.task.name == "reassign_topics"
    assert queued.kwargs == {"workspace_id": workspace_a.pk}


def test_topics_list_pages_with_a_cursor(client: Client, key_a: str) -> None:
    workspace = Workspace.objects.get(slug="shop-a")
    for number in range(1, 6):
        ta.topic(workspace, number, f"T{number}")
    first = call(client, "get", "/api/v1/topics?limit=2", key_a).json()
    assert [i["number"] for i in first["items"]] == [1, 2]
    second = call(
        client, "get", f"/api/v1/topics?limit=2&cursor={first['next_cursor']}", key_a
    ).json()
    assert [i["number"] for i in second["items"]] == [3, 4]
    bad = call(client, "get", "/api/v1/topics?cursor=zzz", key_a)
    assert bad.status_code == 400


def test_another_workspaces_topic_is_not_found(
    client: Client, delivery: Topic, workspace_b: Workspace
) -> None:
    key_b = factories.secret_key(workspace_b)
    assert call(client, "get", "/api/v1/topics/1", key_b).status_code == 404
    assert call(client, "get", "/api/v1/topics", key_b).json()["items"] == []
    merge = call(client, "post", "/api/v1/topics/1/merge", key_b, {"into": 1})
    assert merge.status_code == 404


def test_a_public_key_cannot_read_topics(
    client: Client, workspace_a: Workspace, delivery: Topic
) -> None:
    public = factories.public_key(workspace_a)
    assert call(client, "get", "/api/v1/topics", public).status_code in (401, 403)
