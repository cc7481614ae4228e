"""/api/v1/rules: CRUD, preview and the firing log, one workspace each."""

from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.rules.models import Rule, Trigger
from cxloop.surveys import services as survey_services
from tests.conftest import bearer
from tests.factories import public_key

URL = "/api/v1/rules"
pytestmark = pytest.mark.django_db

UNHAPPY = {
    "name": "Unhappy delivery",
    "trigger": "response.stored",
    "conditions": [
        {"field": "touchpoint", "op": "eq", "value": "delivery"},
        {"field": "csat", "op": "lte", "value": 2},
    ],
    "actions": [{"type": "tag_response", "tags": ["unhappy"]}],
}


def call(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"content_type": "application/json", **bearer(token)}
    if body is not None:
        kwargs["data"] = body
    return getattr(client, method)(path, **kwargs)


def create(client: Client, token: str, **fields: Any) -> dict[str, Any]:
    response = call(client, "post", URL, token, {**UNHAPPY, **fields})
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def _submit(workspace: Workspace, csat: int) -> None:
    survey_services.response_submit(
        workspace=workspace,
        data=survey_services.ResponseInput(
            survey_key="delivery-csat", answers={"csat": csat}, channel="api"
        ),
    )


def test_a_rule_is_created_listed_changed_and_deleted(
    client: Client, key_a: str
) -> None:
    rule = create(client, key_a)

    listed = call(client, "get", URL, key_a).json()
    assert rule["id"] in [item["id"] for item in listed["items"]]
    assert rule["conditions"][1] == {"field": "csat", "op": "lte", "value": 2.0}
    changed = call(
        client,
        "patch",
        f"{URL}/{rule['id']}",
        key_a,
        {"enabled": False, "match": "any"},
    )
    assert changed.status_code == 200
    assert (changed.json()["enabled"], changed.json()["match"]) == (False, "any")
    assert call(client, "delete", f"{URL}/{rule['id']}", key_a).status_code == 204
    assert call(client, "get", f"{URL}/{rule['id']}", key_a).status_code == 404


def test_a_new_workspace_lists_its_default_rules(client: Client, key_a: str) -> None:
    items = call(client, "get", URL, key_a).json()["items"]

    assert {item["seed_key"] for item in items} == {
        "detractor-case",
        "search-not-found-digest",
        "negative-feedback-case",
    }


def test_a_bad_condition_is_a_422_naming_the_condition(
    client: Client, key_a: str
) -> None:
    bad = {
        **UNHAPPY,
        "conditions": [{"field": "csat", "op": "lte", "value": "two"}],
    }

    response = call(client, "post", URL, key_a, bad)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "conditions.0.value"
    assert not Rule.objects.filter(name="Unhappy delivery").exists()


def test_sentiment_on_an_event_rule_is_a_422_naming_the_field(
    client: Client, key_a: str
) -> None:
    bad = {
        **UNHAPPY,
        "trigger": "event.received",
        "conditions": [{"field": "sentiment", "op": "eq", "value": "negative"}],
        "actions": [{"type": "webhook"}],
    }

    response = call(client, "post", URL, key_a, bad)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "conditions.0.field"


def test_an_unknown_trigger_is_a_422(client: Client, key_a: str) -> None:
    response = call(client, "post", URL, key_a, {**UNHAPPY, "trigger": "sunrise"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "trigger"


def test_another_workspaces_rule_is_404_everywhere(
    client: Client, key_a: str, key_b: str
) -> None:
    rule = create(client, key_a)
    path = f"{URL}/{rule['id']}"

    assert call(client, "get", path, key_b).status_code == 404
    assert call(client, "patch", path, key_b, {"enabled": False}).status_code == 404
    assert call(client, "delete", path, key_b).status_code == 404
    assert call(client, "get", f"{path}/firings", key_b).status_code == 404
    assert rule["id"] not in [
        item["id"] for item in call(client, "get", URL, key_b).json()["items"]
    ]
    assert Rule.objects.get(pk=rule["id"]).enabled


def test_the_preview_counts_matching_responses_of_the_workspace(
    client: Client,
    workspace_a: Workspace,
    workspace_b: Workspace,
    key_a: str,
    key_b: str,
) -> None:
    for workspace in (workspace_a, workspace_b):
        survey_services.survey_create_from_template(
            workspace=workspace, template="delivery_csat"
        )
    for csat in (1, 2, 4):
        _submit(workspace_a, csat)
    _submit(workspace_b, 1)
    body = {"trigger": "response.stored", "conditions": UNHAPPY["conditions"]}

    preview = call(client, "post", f"{URL}/preview", key_a, body).json()

    assert (preview["count"], preview["days"], len(preview["examples"])) == (2, 30, 2)
    assert call(client, "post", f"{URL}/preview", key_b, body).json()["count"] == 1


def test_the_firing_log_pages_with_a_cursor(
    client: Client,
    workspace_a: Workspace,
    key_a: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    survey_services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat"
    )
    rule = create(client, key_a)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            _submit(workspace_a, 1)

    first = call(client, "get", f"{URL}/{rule['id']}/firings?limit=2", key_a).json()
    rest = call(
        client,
        "get",
        f"{URL}/{rule['id']}/firings?limit=2&cursor={first['next_cursor']}",
        key_a,
    ).json()

    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    assert first["items"][0]["results"] == [
        {"type": "tag_response", "added": ["unhappy"]}
    ]


def test_a_public_key_cannot_read_rules(client: Client, workspace_a: Workspace) -> None:
    assert call(client, "get", URL, public_key(workspace_a)).status_code in {401, 403}


def test_the_schema_names_every_trigger() -> None:
    from cxloop.api.rules import TriggerName

    assert set(TriggerName.__args__) == set(Trigger.values)


def test_an_sla_policy_of_another_workspace_is_a_422(
    client: Client, key_a: str, workspace_b: Workspace
) -> None:
    from cxloop.cases import selectors as case_selectors

    other = case_selectors.sla_policy_list(workspace=workspace_b).first()
    assert other is not None
    bad = {**UNHAPPY, "actions": [{"type": "open_case", "sla_policy_id": other.pk}]}

    response = call(client, "post", URL, key_a, bad)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "actions.0.sla_policy_id"
