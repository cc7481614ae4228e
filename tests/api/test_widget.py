"""The widget's routes: eligibility under the governor, CORS, opt-out."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customer_services
from cxloop.customers.inputs import CustomerData, IdentitySignals
from cxloop.surveys import services
from cxloop.surveys.models import Contact, ContactPolicy, Response
from tests import factories
from tests.conftest import bearer

SHOP = "https://shop.example"


@pytest.fixture
def pk_a(workspace_a: Workspace) -> str:
    services.survey_create_from_template(
        workspace=workspace_a, template="search_found", key="search-found"
    )
    # Quiet hours off, so the tests do not depend on the time of day.
    ContactPolicy.objects.create(
        workspace=workspace_a, quiet_hours_start=None, quiet_hours_end=None
    )
    return factories.public_key(workspace_a)


def eligible(client: Client, token: str, **params: str) -> Any:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.get(
        f"/api/v1/surveys/eligible?{query}", HTTP_ORIGIN=SHOP, **bearer(token)
    )


def track_search(client: Client, token: str, anonymous_id: str) -> None:
    body = {
        "events": [
            {
                "event_id": f"search-{anonymous_id}",
                "type": "search",
                "anonymous_id": anonymous_id,
                "properties": {"query": "lumelabidas", "results": 1},
                "occurred_at": datetime.now(UTC).isoformat(),
            }
        ]
    }
    client.post(
        "/api/v1/events", body, content_type="application/json", **bearer(token)
    )


def test_a_search_makes_the_search_survey_eligible_with_its_query(
    client: Client, pk_a: str
) -> None:
    track_search(client, pk_a, "anon-1")
    response = eligible(
        client, pk_a, anonymous_id="anon-1", session_id="s1", event="search", lang="et"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SHOP
    survey = response.json()["survey"]
    assert survey["key"] == "search-found"
    assert survey["language"] == "et"
    assert survey["context"] == {"query": "lumelabidas", "results": 1}
    assert survey["questions"][0]["label"] == "Kas leidsite selle, mida otsisite?"
    assert survey["questions"][1]["condition"] == {
        "question": "found",
        "op": "eq",
        "value": False,
    }
    assert Contact.objects.count() == 1


def test_the_same_visitor_is_not_asked_again_and_is_told_why(
    client: Client, pk_a: str
) -> None:
    eligible(client, pk_a, anonymous_id="anon-2", session_id="s1", event="search")
    again = eligible(
        client, pk_a, anonymous_id="anon-2", session_id="s2", event="search"
    ).json()
    assert again["survey"] is None
    assert again["reasons"] == {"search-found": "quiet_period"}
    same_session = eligible(
        client, pk_a, anonymous_id="anon-2", session_id="s1", event="search"
    ).json()
    assert same_session["reasons"] == {"search-found": "session_cap"}


def test_a_phone_is_one_person_however_it_is_typed_and_erasure_finds_it(
    client: Client, pk_a: str, workspace_a: Workspace
) -> None:
    first = eligible(client, pk_a, phone="5123%204567", session_id="s1", event="search")
    assert first.json()["survey"] is not None
    again = eligible(
        client, pk_a, phone="%2B372%2051234567", session_id="s2", event="search"
    ).json()
    assert again["reasons"] == {"search-found": "quiet_period"}

    mari = customer_services.customer_upsert(
        workspace=workspace_a,
        data=CustomerData(
            source="pos", identities=IdentitySignals(phone="00372 5123 4567")
        ),
    ).customer
    customer_services.customer_erase(
        workspace=workspace_a, customer=mari, actor="ada", reason="request"
    )
    assert not Contact.objects.exists()  # the ask recorded under "5123 4567"


def test_an_opted_out_visitor_is_never_asked(client: Client, pk_a: str) -> None:
    opt_out = client.post(
        "/api/v1/surveys/opt-out",
        {"anonymous_id": "anon-3"},
        content_type="application/json",
        **bearer(pk_a),
    )
    assert opt_out.status_code == 204
    answer = eligible(client, pk_a, anonymous_id="anon-3", event="search").json()
    assert answer == {"survey": None, "reasons": {"search-found": "opted_out"}}


def test_a_widget_response_is_completed_in_place(
    client: Client, pk_a: str, workspace_a: Workspace
) -> None:
    survey = eligible(client, pk_a, anonymous_id="anon-4", event="search").json()[
        "survey"
    ]
    body = {
        "response_id": survey["response_id"],
        "survey": "search-found",
        "channel": "widget",
        "anonymous_id": "anon-4",
        "answers": {"found": False},
        "context": survey["context"],
        "complete": False,
    }
    first = client.post(
        "/api/v1/responses",
        body,
        content_type="application/json",
        HTTP_ORIGIN=SHOP,
        **bearer(pk_a),
    )
    assert first.status_code == 201
    assert first["Access-Control-Allow-Origin"] == SHOP
    final = {
        **body,
        "answers": {"found": False, "looking_for": "Valge lumelabidas"},
        "complete": True,
    }
    assert (
        client.post(
            "/api/v1/responses", final, content_type="application/json", **bearer(pk_a)
        ).status_code
        == 200
    )
    stored = Response.objects.get(workspace=workspace_a, survey__key="search-found")
    assert stored.is_complete
    assert stored.comment == "Valge lumelabidas"


def test_preflight_is_answered_for_public_routes_only(client: Client, db: None) -> None:
    preflight = client.options(
        "/api/v1/events", HTTP_ORIGIN=SHOP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == SHOP
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    secret_route = client.options(
        "/api/v1/responses?format=csv",
        HTTP_ORIGIN=SHOP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert secret_route.status_code == 204
    private = client.options(
        "/api/v1/workspace", HTTP_ORIGIN=SHOP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert not private.has_header("Access-Control-Allow-Origin")


def test_a_workspace_that_lists_its_origins_refuses_others(
    client: Client, pk_a: str, workspace_a: Workspace
) -> None:
    workspace_a.allowed_origins = ["https://my-shop.example"]
    workspace_a.save()
    refused = eligible(client, pk_a, anonymous_id="anon-5", event="search")
    assert refused.status_code == 403
    assert not refused.has_header("Access-Control-Allow-Origin")
    allowed = client.get(
        "/api/v1/surveys/eligible?anonymous_id=anon-5&event=search",
        HTTP_ORIGIN="https://my-shop.example",
        **bearer(pk_a),
    )
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == "https://my-shop.example"


def test_workspace_b_key_never_offers_workspace_a_surveys(
    client: Client, pk_a: str, workspace_b: Workspace
) -> None:
    pk_b = factories.public_key(workspace_b)
    answer = eligible(client, pk_b, anonymous_id="anon-6", event="search").json()
    assert answer == {"survey": None, "reasons": {}}
