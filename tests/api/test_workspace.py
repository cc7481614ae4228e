"""PATCH /api/v1/workspace: validation names the field; nothing half-written."""

from django.test import Client

from cxloop.accounts.models import Workspace
from tests import factories
from tests.conftest import bearer

URL = "/api/v1/workspace"


def patch(client: Client, token: str, body: str | dict[str, object]) -> object:
    return client.patch(URL, body, content_type="application/json", **bearer(token))


def test_a_secret_key_changes_its_workspace_settings(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    response = patch(client, key_a, {"default_locale": "lv", "timezone": "Europe/Riga"})
    assert response.status_code == 200  # type: ignore[attr-defined]
    workspace_a.refresh_from_db()
    assert (workspace_a.default_locale, workspace_a.timezone) == ("lv", "Europe/Riga")
    assert workspace_a.name == "Shop A"


def test_malformed_json_is_a_400(client: Client, key_a: str) -> None:
    response = patch(client, key_a, '{"name": ')
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "detail": "The request body is not valid JSON.",
        "errors": [],
    }


def test_an_invalid_field_is_a_422_naming_it(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    response = patch(client, key_a, {"name": "New name", "default_locale": "xx"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert "default_locale" in body["detail"]
    assert [error["field"] for error in body["errors"]] == ["default_locale"]
    workspace_a.refresh_from_db()
    assert workspace_a.name == "Shop A"


def test_an_unknown_time_zone_is_a_422_and_changes_nothing(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    response = patch(client, key_a, {"name": "Renamed", "timezone": "Mars/Olympus"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert response.json()["errors"][0]["field"] == "timezone"  # type: ignore[attr-defined]
    workspace_a.refresh_from_db()
    assert (workspace_a.name, workspace_a.timezone) == ("Shop A", "Europe/Tallinn")
    # Nor does the refused name linger for the key's next call.
    shown = client.get(URL, **bearer(key_a)).json()
    assert (shown["name"], shown["timezone"]) == ("Shop A", "Europe/Tallinn")
    assert patch(client, key_a, {"default_locale": "lv"}).status_code == 200  # type: ignore[attr-defined]
    workspace_a.refresh_from_db()
    assert (workspace_a.name, workspace_a.default_locale) == ("Shop A", "lv")


def test_a_key_of_workspace_b_changes_only_workspace_b(
    client: Client, key_b: str, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    patch(client, key_b, {"name": "B renamed"})
    workspace_a.refresh_from_db()
    workspace_b.refresh_from_db()
    assert (workspace_a.name, workspace_b.name) == ("Shop A", "B renamed")


def test_allowed_origins_are_set_through_the_api_and_apply_at_once(
    client: Client, key_a: str, workspace_a: Workspace
) -> None:
    public = factories.public_key(workspace_a)
    events = {"events": [{"event_id": "o1", "type": "page_view", "anonymous_id": "a"}]}

    def post_from(origin: str, event_id: str) -> int:
        events["events"][0]["event_id"] = event_id
        return client.post(
            "/api/v1/events",
            events,
            content_type="application/json",
            HTTP_ORIGIN=origin,
            **bearer(public),
        ).status_code

    before = post_from("https://elsewhere.example", "o1")  # the key is now cached
    patched = client.patch(
        "/api/v1/workspace",
        {"allowed_origins": ["https://Shop.example/"]},
        content_type="application/json",
        **bearer(key_a),
    )
    refused = post_from("https://elsewhere.example", "o2")
    allowed = post_from("https://shop.example", "o3")

    assert before == 202
    assert patched.json()["allowed_origins"] == ["https://shop.example"]
    assert (refused, allowed) == (403, 202)


def test_an_origin_with_a_path_is_refused_naming_the_field(
    client: Client, key_a: str
) -> None:
    response = client.patch(
        "/api/v1/workspace",
        {"allowed_origins": ["https://shop.example/checkout"]},
        content_type="application/json",
        **bearer(key_a),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "allowed_origins"
