"""The Topics page: topics with their figures, progress, codebook edits."""

from collections.abc import Callable

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.textanalysis.models import CommentAnalysis, Topic, TopicDiscovery
from tests.textanalysis import factories as ta

Login = Callable[[User], Client]


@pytest.fixture
def delivery(workspace_a: Workspace) -> Topic:
    late = ta.topic(workspace_a, 7, "tarne, hilines", terms=["tarne", "hilines"])
    for text, touchpoint in [
        ("Tarne hilines nädal.", "delivery"),
        ("Kuller ei tulnud <script>alert(1)</script>", "delivery"),
        ("Makse ebaõnnestus.", "checkout"),
    ]:
        response = ta.comment(workspace_a, text, touchpoint=touchpoint)
        ta.assign(response, late)
    late.examples = {"et": [response.pk]}
    late.save()
    return late


def test_the_page_lists_topics_with_volume_trend_and_escaped_examples(
    login: Login, ada: User, delivery: Topic
) -> None:
    page = login(ada).get("/app/topics/").content.decode()

    assert 'href="/app/topics/"' in page  # in the sidebar
    assert "#7" in page
    assert "tarne, hilines" in page
    assert "<polyline" in page
    assert "Makse ebaõnnestus." in page
    assert "<script>alert(1)</script>" not in page


def test_filters_narrow_the_volume(login: Login, ada: User, delivery: Topic) -> None:
    page = login(ada).get("/app/topics/?touchpoint=checkout").content.decode()
    assert 'class="topic-volume">1 ' in page


def test_a_date_out_of_range_is_explained_and_the_page_still_works(
    login: Login, ada: User, delivery: Topic
) -> None:
    response = login(ada).get("/app/topics/?until=9999-12-31&since=2026-13-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a date between 1970 and 2999." in page
    assert "Enter a valid date." in page
    assert 'class="topic-volume">3 ' in page  # unfiltered meanwhile


def test_progress_shows_while_comments_wait_for_analysis(
    login: Login, ada: User, workspace_a: Workspace, delivery: Topic
) -> None:
    CommentAnalysis.objects.of(workspace_a).filter(
        response__comment__startswith="Makse"
    ).update(status=CommentAnalysis.Status.PENDING)

    page = login(ada).get("/app/topics/").content.decode()

    assert "Analysing 2 of 3 comments" in page


def test_an_admin_renames_a_topic_and_starts_discovery(
    login: Login, ada: User, workspace_a: Workspace, delivery: Topic, settings: object
) -> None:
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    client = login(ada)
    client.post("/app/topics/7/rename/", {"label": "Hilinenud tarne"})
    delivery.refresh_from_db()
    assert delivery.label == "Hilinenud tarne"
    assert delivery.curated

    client.post("/app/topics/discover/")
    assert TopicDiscovery.objects.of(workspace_a).count() == 1
    page = client.get("/app/topics/").content.decode()
    assert "Discovering topics now" in page


def test_a_bad_edit_is_explained(login: Login, ada: User, delivery: Topic) -> None:
    client = login(ada)
    response = client.post("/app/topics/new/", {"label": "Empty", "keywords": ""})
    assert response.status_code == 302
    page = client.get("/app/topics/").content.decode()
    assert "flash-error" in page


def test_an_agent_sees_topics_but_cannot_edit_them(
    login: Login, ben: User, delivery: Topic
) -> None:
    client = login(ben)
    page = client.get("/app/topics/").content.decode()
    assert "tarne, hilines" in page
    assert "Edit topic" not in page
    assert client.post("/app/topics/7/delete/").status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == Topic.Status.ACTIVE


def test_another_workspace_cannot_touch_the_topic(
    login: Login, cleo: User, delivery: Topic
) -> None:
    client = login(cleo)
    assert "tarne, hilines" not in client.get("/app/topics/").content.decode()
    assert client.post("/app/topics/7/delete/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == Topic.Status.ACTIVE


def test_the_status_panel_polls_and_offers_new_topics_when_found(
    login: Login, ada: User, workspace_a: Workspace, delivery: Topic
) -> None:
    from django.utils import timezone

    CommentAnalysis.objects.of(workspace_a).update(
        status=CommentAnalysis.Status.PENDING
    )
    client = login(ada)
    page = client.get("/app/topics/").content.decode()
    assert 'hx-get="/app/topics/status/?was=0"' in page

    TopicDiscovery.objects.create(
        workspace=workspace_a,
        trigger=TopicDiscovery.Trigger.FIRST,
        status=TopicDiscovery.Status.DONE,
        finished_at=timezone.now(),
        n_comments=3,
    )
    fragment = client.get("/app/topics/status/?was=0").content.decode()
    assert "New topics found" in fragment
    assert "Analysing 0 of 3 comments" in fragment
