"""GET/POST/PATCH /api/v1/surveys: templates, validation, safe edits."""

from typing import Any

from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.surveys.models import Survey
from tests.conftest import bearer


def call(client: Client, method: str, url: str, token: str, body: Any = None) -> Any:
    send = getattr(client, method)
    if body is None:
        return send(url, **bearer(token))
    return send(url, body, content_type="application/json", **bearer(token))


def test_every_workspace_has_the_builtin_feedback_survey(
    client: Client, key_a: str
) -> None:
    body = call(client, "get", "/api/v1/surveys", key_a).json()
    feedback = next(item for item in body["items"] if item["key"] == "feedback")
    assert feedback["status"] == "active"
    assert [(q["key"], q["type"], q["required"]) for q in feedback["questions"]] == [
        ("rating", "rating", False),
        ("text", "text", False),
    ]
    assert body["next_cursor"] is None


def test_a_survey_is_created_from_a_template(client: Client, key_a: str) -> None:
    response = call(
        client,
        "post",
        "/api/v1/surveys",
        key_a,
        {"key": "after-search", "template": "search_found", "status": "active"},
    )
    assert response.status_code == 201
    survey = response.json()
    assert (survey["touchpoint"], survey["trigger_event"]) == ("site_search", "search")
    assert [q["key"] for q in survey["questions"]] == ["found", "looking_for"]
    assert survey["questions"][1]["condition"] == {
        "question": "found",
        "op": "eq",
        "value": False,
    }
    assert len(survey["link_key"]) >= 12


def test_a_survey_is_created_from_questions(client: Client, key_a: str) -> None:
    body = {
        "key": "nps-2026",
        "name": "NPS 2026",
        "questions": [
            {
                "key": "nps",
                "type": "nps",
                "texts": {
                    "en": {"label": "Recommend?"},
                    "et": {"label": "Soovitaksid?"},
                },
                "required": True,
            },
            {"key": "why", "type": "text", "texts": {"en": {"label": "Why?"}}},
        ],
    }
    response = call(client, "post", "/api/v1/surveys", key_a, body)
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert response.json()["default_language"] == "en"


def test_invalid_surveys_are_refused_naming_the_field(
    client: Client, key_a: str
) -> None:
    bad_type = {
        "key": "x",
        "name": "X",
        "questions": [{"key": "q", "type": "slider", "texts": {}}],
    }
    response = call(client, "post", "/api/v1/surveys", key_a, bad_type)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "questions.0.type"
    no_choices = {
        "key": "x",
        "name": "X",
        "questions": [{"key": "q", "type": "single_choice", "texts": {}}],
    }
    response = call(client, "post", "/api/v1/surveys", key_a, no_choices)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "questions.0.choices"
    duplicate = {"key": "feedback", "template": "relationship_nps"}
    assert call(client, "post", "/api/v1/surveys", key_a, duplicate).status_code == 409


def test_another_workspace_cannot_see_or_change_a_survey(
    client: Client, key_a: str, key_b: str
) -> None:
    call(
        client,
        "post",
        "/api/v1/surveys",
        key_a,
        {"key": "secret-survey", "template": "delivery_csat"},
    )
    assert (
        call(client, "get", "/api/v1/surveys/secret-survey", key_b).status_code == 404
    )
    assert (
        call(
            client, "patch", "/api/v1/surveys/secret-survey", key_b, {"name": "x"}
        ).status_code
        == 404
    )
    keys = [
        item["key"]
        for item in call(client, "get", "/api/v1/surveys", key_b).json()["items"]
    ]
    assert "secret-survey" not in keys


def test_an_answered_question_keeps_its_meaning(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    call(
        client,
        "post",
        "/api/v1/surveys",
        key_a,
        {"key": "rnps", "template": "relationship_nps", "status": "active"},
    )
    call(
        client,
        "post",
        "/api/v1/responses",
        key_a,
        {"survey": "rnps", "answers": {"nps": 3, "improve": "Faster delivery"}},
    )
    survey = call(client, "get", "/api/v1/surveys/rnps", key_a).json()
    questions = survey["questions"]
    questions[0]["type"] = "csat"
    response = call(
        client, "patch", "/api/v1/surveys/rnps", key_a, {"questions": questions}
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "questions.0.type"
    # Texts may change, and an answered question may be retired but not lost.
    questions = call(client, "get", "/api/v1/surveys/rnps", key_a).json()["questions"]
    questions[0]["texts"]["en"]["label"] = "Would you recommend us?"
    without_improve = [questions[0], questions[2]]
    response = call(
        client, "patch", "/api/v1/surveys/rnps", key_a, {"questions": without_improve}
    )
    assert response.status_code == 200
    assert [q["key"] for q in response.json()["questions"]] == ["nps", "reason"]
    assert response.json()["questions"][0]["texts"]["en"]["label"].startswith("Would")
    stored = Survey.objects.get(workspace=workspace_a, key="rnps")
    assert stored.questions.filter(key="improve", is_active=False).exists()
    listed = call(client, "get", "/api/v1/responses?survey=rnps", key_a).json()["items"]
    assert listed[0]["answers"] == {"nps": 3, "improve": "Faster delivery"}


def test_pausing_a_survey_stops_it_taking_answers(client: Client, key_a: str) -> None:
    call(
        client,
        "post",
        "/api/v1/surveys",
        key_a,
        {"key": "d", "template": "delivery_csat", "status": "active"},
    )
    call(client, "patch", "/api/v1/surveys/d", key_a, {"status": "paused"})
    response = call(
        client,
        "post",
        "/api/v1/responses",
        key_a,
        {"survey": "d", "answers": {"csat": 5}},
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "survey"
