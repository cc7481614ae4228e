"""The Feedback inbox: filters, escaping, paging, exports, tenancy."""

import base64
import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.journeys import services as journey_services
from cxloop.surveys import services
from cxloop.surveys.models import Response
from cxloop.surveys.services import ResponseInput
from cxloop.textanalysis.models import CommentAnalysis, Topic, TopicAssignment

Login = Callable[[User], Client]


def respond(workspace: Workspace, survey: str = "feedback", **fields: Any) -> None:
    data = ResponseInput(
        survey_key=survey,
        answers=fields.pop("answers", {"rating": 4, "text": "Fine"}),
        channel=fields.pop("channel", "review"),
        **fields,
    )
    services.response_submit(workspace=workspace, data=data)


def test_the_inbox_lists_responses_newest_first(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(
        workspace_a,
        answers={"rating": 5, "text": "Vana hea"},
        submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    respond(
        workspace_a,
        answers={"rating": 1, "text": "Uus halb"},
        submitted_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    page = login(ada).get("/app/feedback/").content.decode()
    assert page.index("Uus halb") < page.index("Vana hea")


def test_user_text_is_shown_as_text(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(
        workspace_a,
        answers={"text": "<script>alert(1)</script><img src=x onerror=alert(2)>"},
        customer_ref={"email": "<b>x</b>@example.com"},
    )
    page = login(ada).get("/app/feedback/").content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>x</b>" not in page


def test_filters_narrow_the_list(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(
        workspace_a,
        answers={"rating": 1, "text": "Kuller hilines"},
        channel="call",
        locale="et",
    )
    respond(
        workspace_a,
        answers={"rating": 5, "text": "Super quick"},
        channel="review",
        locale="en",
    )
    client = login(ada)
    assert (
        "Super quick" not in client.get("/app/feedback/?band=negative").content.decode()
    )
    assert (
        "Kuller hilines" in client.get("/app/feedback/?band=negative").content.decode()
    )
    assert (
        "Kuller hilines" not in client.get("/app/feedback/?locale=en").content.decode()
    )
    assert "Super quick" in client.get("/app/feedback/?q=quick").content.decode()
    assert (
        "Super quick" not in client.get("/app/feedback/?channel=call").content.decode()
    )


def test_a_period_out_of_range_is_explained_and_the_inbox_still_works(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(workspace_a, answers={"rating": 1, "text": "Kuller hilines"})
    client = login(ada)
    response = client.get("/app/feedback/?until=9999-12-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a date between 1970 and 2999." in page
    assert "Kuller hilines" in page
    backwards = client.get("/app/feedback/?since=2026-05-01&until=2026-04-01")
    assert "The start must not be after the end." in backwards.content.decode()
    export = client.get("/app/feedback/export.csv?until=9999-12-31")
    assert export.status_code == 200


def test_cleo_never_sees_workspace_a_feedback(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    respond(workspace_a, answers={"text": "Only for shop A"})
    client = login(cleo)
    assert "Only for shop A" not in client.get("/app/feedback/").content.decode()
    export = b"".join(client.get("/app/feedback/export.csv").streaming_content).decode()
    assert "Only for shop A" not in export


def test_the_filtered_set_exports_as_csv_and_json(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(workspace_a, answers={"rating": 1, "text": "Bad"}, response_id="r-bad")
    respond(workspace_a, answers={"rating": 5, "text": "Good"}, response_id="r-good")
    client = login(ada)
    response = client.get("/app/feedback/export.csv?band=positive")
    assert 'filename="shop-a-responses-' in response["Content-Disposition"]
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert [row["response_id"] for row in rows] == ["r-good"]
    data = json.loads(
        b"".join(client.get("/app/feedback/export.json").streaming_content)
    )
    assert sorted(item["response_id"] for item in data) == ["r-bad", "r-good"]


def test_more_responses_load_with_a_cursor(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    for day in range(1, 29):
        respond(
            workspace_a,
            answers={"rating": 3, "text": f"day-{day:02d}"},
            submitted_at=datetime(2026, 2, day, tzinfo=UTC),
        )
    for day in range(1, 29):
        respond(
            workspace_a,
            answers={"rating": 3, "text": f"march-{day:02d}"},
            submitted_at=datetime(2026, 3, day, tzinfo=UTC),
        )
    client = login(ada)
    first = client.get("/app/feedback/").content.decode()
    assert "march-28" in first
    assert "day-01" not in first
    cursor = first.split("cursor=")[1].split('"')[0]
    more = client.get(
        f"/app/feedback/?cursor={cursor}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "day-01" in more
    assert "<html" not in more


def _analysed(workspace: Workspace, text: str, label: str, language: str) -> Response:
    """A response whose comment the worker has analysed as `label`."""
    respond(workspace, answers={"rating": 3, "text": text}, locale="et")
    response = Response.objects.get(workspace=workspace, comment=text)
    CommentAnalysis.objects.filter(response=response).update(
        status=CommentAnalysis.Status.DONE,
        sentiment_label=label,
        sentiment_score=-0.8 if label == "negative" else 0.7,
        language=language,
    )
    return response


def test_each_comment_shows_its_sentiment_language_and_topics(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    late = _analysed(workspace_a, "Pakk jäi hiljaks", "negative", "et")
    thanks = _analysed(workspace_a, "Kiitos, nopea toimitus", "positive", "fi")
    delivery = Topic.objects.create(
        workspace=workspace_a, number=7, label="<b>Delivery</b> speed"
    )
    gone = Topic.objects.create(
        workspace=workspace_a, number=8, label="Old merged topic", status="merged"
    )
    TopicAssignment.objects.create(workspace=workspace_a, response=late, topic=delivery)
    TopicAssignment.objects.create(workspace=workspace_a, response=late, topic=gone)

    page = login(ada).get("/app/feedback/").content.decode()

    assert 'class="sentiment sentiment-negative">Negative<' in page
    assert 'class="sentiment sentiment-positive">Positive<' in page
    # The Finnish comment came with an Estonian locale: its language is named.
    assert 'title="Language of the comment">FI<' in page
    assert "&lt;b&gt;Delivery&lt;/b&gt; speed" in page
    assert "<b>Delivery</b>" not in page
    assert "Old merged topic" not in page
    assert thanks.comment in page


def test_the_inbox_filters_by_sentiment_and_topic(
    login: Login, ada: User, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    late = _analysed(workspace_a, "Pakk jäi hiljaks", "negative", "et")
    _analysed(workspace_a, "Väga hea teenindus", "positive", "et")
    delivery = Topic.objects.create(workspace=workspace_a, number=3, label="Delivery")
    TopicAssignment.objects.create(workspace=workspace_a, response=late, topic=delivery)
    Topic.objects.create(workspace=workspace_b, number=4, label="Their secret topic")
    client = login(ada)

    negative = client.get("/app/feedback/?sentiment=negative").content.decode()
    on_topic = client.get("/app/feedback/?topic=3").content.decode()

    assert "Pakk jäi hiljaks" in negative
    assert "Väga hea teenindus" not in negative
    assert "Pakk jäi hiljaks" in on_topic
    assert "Väga hea teenindus" not in on_topic
    assert "Their secret topic" not in on_topic  # not offered as a filter


def test_exports_carry_each_comments_language_sentiment_and_topics(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    late = _analysed(workspace_a, "Pakk jäi hiljaks", "negative", "et")
    respond(workspace_a, answers={"rating": 4, "text": "   "})  # nothing to analyse
    delivery = Topic.objects.create(workspace=workspace_a, number=3, label="=Delivery")
    TopicAssignment.objects.create(workspace=workspace_a, response=late, topic=delivery)
    client = login(ada)

    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get("/app/feedback/export.csv").streaming_content
                ).decode()
            )
        )
    )
    data = json.loads(
        b"".join(client.get("/app/feedback/export.json").streaming_content)
    )

    by_comment = {row["comment"]: row for row in rows}
    analysed = by_comment["Pakk jäi hiljaks"]
    assert analysed["language"] == "et"
    assert analysed["sentiment"] == "negative"
    assert float(analysed["sentiment_score"]) == -0.8
    assert analysed["topics"] == "'=Delivery"  # a label never starts a formula
    blank = next(row for row in rows if row["comment"] != "Pakk jäi hiljaks")
    assert (blank["language"], blank["sentiment"], blank["topics"]) == ("", "", "")
    (record,) = [item for item in data if item["response_id"] == late.response_id]
    assert record["sentiment"] == {"score": -0.8, "label": "negative"}
    assert record["topics"] == [{"number": 3, "label": "=Delivery"}]


EDGE_CURSOR = (
    base64.urlsafe_b64encode(b'["9999-12-31T23:59:59-15:00", 1]').decode().rstrip("=")
)


def test_context_keys_named_like_dict_methods_are_shown(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(
        workspace_a,
        answers={"rating": 2, "text": "Kast oli katki"},
        context={"items": 3, "keys": "k", "values": "v", "get": "<i>g</i>"},
    )
    response = login(ada).get("/app/feedback/")
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("items", "keys", "values", "get"):
        assert f"<dt>{key}</dt>" in page
    assert "&lt;i&gt;g&lt;/i&gt;" in page


def test_the_touchpoint_filter_offers_the_workspaces_touchpoints_by_name(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    journey_services.touchpoint_create(
        workspace=workspace_a,
        stage="after_purchase",
        key="pakiautomaat",
        name="Pakiautomaat",
    )
    respond(
        workspace_a,
        answers={"rating": 1, "text": "Pakk hilines"},
        touchpoint="pakiautomaat",
    )
    respond(
        workspace_a, answers={"rating": 5, "text": "Leht oli selge"}, touchpoint="site"
    )
    client = login(ada)
    page = client.get("/app/feedback/").content.decode()
    assert '<option value="pakiautomaat">Pakiautomaat</option>' in page
    assert '<option value="delivery">Delivery</option>' in page
    chosen = client.get(
        "/app/feedback/", {"touchpoint": "pakiautomaat"}
    ).content.decode()
    assert "Pakk hilines" in chosen
    assert "Leht oli selge" not in chosen
    other = login(cleo).get("/app/feedback/").content.decode()
    assert "Pakiautomaat" not in other


def test_a_backwards_period_is_refused_on_its_field_and_other_filters_still_apply(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    respond(
        workspace_a, answers={"rating": 1, "text": "Kuller hilines"}, channel="call"
    )
    respond(workspace_a, answers={"rating": 5, "text": "Super quick"}, channel="review")
    response = login(ada).get(
        "/app/feedback/",
        {"since": "2026-05-01", "until": "2026-04-01", "channel": "call"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    since_field = page.split('id="id_since"')[1].split("</div>")[0]
    assert "The start must not be after the end." in since_field
    assert "Kuller hilines" in page
    assert "Super quick" not in page


@pytest.mark.parametrize("cursor", ["!!!!", EDGE_CURSOR])
def test_a_crafted_cursor_shows_the_first_page(
    login: Login, ada: User, workspace_a: Workspace, cursor: str
) -> None:
    respond(workspace_a, answers={"rating": 4, "text": "Newest of all"})
    client = login(ada)
    response = client.get("/app/feedback/", {"cursor": cursor})
    assert response.status_code == 200
    assert "Newest of all" in response.content.decode()
    more = client.get("/app/feedback/", {"cursor": cursor}, HTTP_HX_REQUEST="true")
    assert more.status_code == 200
