"""/api/v1/touchpoints, /stages and /funnels: the journey map over the API."""

from datetime import timedelta

from django.test import Client

from cxloop.accounts.models import User, Workspace
from tests import factories
from tests.api.test_surveys import call
from tests.conftest import bearer
from tests.journeys.factories import T0, journey


def test_touchpoints_list_the_default_map_in_order(client: Client, key_a: str) -> None:
    body = call(client, "get", "/api/v1/touchpoints", key_a).json()

    keys = [item["key"] for item in body["items"]]
    assert keys[:4] == ["ad", "site_visit", "site_search", "product_page"]
    search = body["items"][2]
    assert search["stage"] == "before_purchase"
    assert search["event_types"] == ["search"]
    assert search["survey_keys"] == ["search-found"]
    assert body["next_cursor"] is None


def test_a_touchpoint_is_created_changed_and_deleted(
    client: Client, key_a: str, ben: User
) -> None:
    created = call(
        client,
        "post",
        "/api/v1/touchpoints",
        key_a,
        {
            "key": "newsletter",
            "name": "Newsletter",
            "stage": "after_purchase",
            "owner": ben.email,
            "team": "Marketing",
            "event_types": ["email_opened"],
        },
    )
    assert created.status_code == 201
    assert created.json()["owner"] == ben.email

    patched = call(
        client,
        "patch",
        "/api/v1/touchpoints/newsletter",
        key_a,
        {"name": "Uudiskiri", "stage": "before_purchase", "owner": None},
    )
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["stage"]) == (
        "Uudiskiri",
        "before_purchase",
    )
    assert patched.json()["owner"] is None
    assert patched.json()["team"] == "Marketing"

    assert (
        call(client, "delete", "/api/v1/touchpoints/newsletter", key_a).status_code
        == 204
    )
    assert (
        call(client, "get", "/api/v1/touchpoints/newsletter", key_a).status_code == 404
    )


def test_bad_touchpoints_get_422_naming_the_field(client: Client, key_a: str) -> None:
    base = {"key": "newsletter", "name": "Newsletter", "stage": "purchase"}
    cases = [
        ({**base, "key": "Has Spaces"}, "key"),
        ({**base, "stage": "nowhere"}, "stage"),
        ({**base, "owner": "stranger@example.com"}, "owner"),
        ({**base, "event_types": ["search"]}, "event_types"),
        ({**base, "name": ""}, "name"),
    ]
    for body, field in cases:
        response = call(client, "post", "/api/v1/touchpoints", key_a, body)
        assert response.status_code == 422, body
        assert field in response.text, (field, response.text)
    duplicate = call(
        client, "post", "/api/v1/touchpoints", key_a, {**base, "key": "checkout"}
    )
    assert duplicate.status_code == 409


def test_another_workspaces_touchpoint_is_404(
    client: Client, key_a: str, key_b: str, workspace_b: Workspace
) -> None:
    call(
        client,
        "post",
        "/api/v1/touchpoints",
        key_b,
        {"key": "kiosk", "name": "Kiosk", "stage": "purchase"},
    )

    assert call(client, "get", "/api/v1/touchpoints/kiosk", key_a).status_code == 404
    patch = call(client, "patch", "/api/v1/touchpoints/kiosk", key_a, {"name": "x"})
    assert patch.status_code == 404
    assert call(client, "delete", "/api/v1/touchpoints/kiosk", key_a).status_code == 404
    assert call(client, "get", "/api/v1/touchpoints/kiosk", key_b).status_code == 200


def test_a_public_key_cannot_edit_the_map(
    client: Client, workspace_a: Workspace
) -> None:
    token = factories.public_key(workspace_a)
    assert call(client, "get", "/api/v1/touchpoints", token).status_code == 403


def test_stages_are_listed_and_only_empty_ones_deleted(
    client: Client, key_a: str
) -> None:
    stages = call(client, "get", "/api/v1/stages", key_a).json()["items"]
    assert [s["key"] for s in stages] == [
        "before_purchase",
        "purchase",
        "after_purchase",
    ]

    assert call(client, "delete", "/api/v1/stages/purchase", key_a).status_code == 409
    created = call(
        client, "post", "/api/v1/stages", key_a, {"key": "loyalty", "name": "Loyalty"}
    )
    assert created.json()["position"] == 3
    assert call(client, "delete", "/api/v1/stages/loyalty", key_a).status_code == 204


def test_funnel_endpoint_reports_conversion_per_step(
    client: Client, key_a: str, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    journey(workspace_a, "s1", ("search", 0), ("product_viewed", 60), channel="ads")
    journey(workspace_a, "s2", ("search", 0))
    journey(workspace_b, "s3", ("search", 0), ("product_viewed", 60))
    since = (T0 - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    until = (T0 + timedelta(hours=1)).isoformat().replace("+00:00", "Z")

    response = call(
        client,
        "get",
        "/api/v1/funnels?steps=search&steps=product_viewed&split_by=channel"
        f"&since={since}&until={until}",
        key_a,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"]["entered"] == 2
    assert body["total"]["steps"][1]["conversion"] == 0.5
    assert body["total"]["steps"][1]["median_seconds"] == 60
    assert {g["key"]: g["entered"] for g in body["groups"]} == {"ads": 1, "": 1}


def test_funnel_needs_two_steps(client: Client, key_a: str) -> None:
    response = call(client, "get", "/api/v1/funnels?steps=search", key_a)
    assert response.status_code == 422
    assert "steps" in response.text


def test_touchpoints_and_stages_carry_their_names_per_language(
    client: Client, key_a: str, key_b: str
) -> None:
    body = call(client, "get", "/api/v1/touchpoints/site_search", key_a).json()
    assert body["names"]["et"] == "Otsing veebilehel"
    assert body["names"]["en"] == body["name"] == "Site search"

    changed = call(
        client,
        "patch",
        "/api/v1/touchpoints/site_search",
        key_a,
        {"names": {"en": "Search", "et": "Otsing", "fi": ""}},
    ).json()
    assert changed["name"] == "Search"
    assert changed["names"] == {"en": "Search", "et": "Otsing"}
    stages = call(client, "get", "/api/v1/stages", key_a).json()["items"]
    assert stages[0]["names"]["lt"] == "Prieš pirkimą"

    other = call(client, "get", "/api/v1/touchpoints/site_search", key_b).json()
    assert other["names"]["et"] == "Otsing veebilehel"  # B's own, unchanged


def test_a_name_in_an_unknown_language_is_a_422_naming_the_field(
    client: Client, key_a: str
) -> None:
    response = call(
        client, "patch", "/api/v1/touchpoints/cart", key_a, {"names": {"xx": "?"}}
    )
    assert response.status_code == 422
    assert "names" in response.content.decode()


def test_a_funnel_ending_in_the_first_days_of_the_calendar_is_refused_not_a_500(
    client: Client, key_a: str
) -> None:
    answer = client.get(
        "/api/v1/funnels",
        {"steps": ["a", "b"], "until": "0001-01-01T00:21:00+00:00"},
        **bearer(key_a),
    )
    assert 400 <= answer.status_code < 500
