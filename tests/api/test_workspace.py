"""PATCH /api/v1/workspace: validation names the field; nothing half-written."""

from django.test import Client

from cxloop.accounts.models import Workspace
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


def test_a_key_of_workspace_b_changes_only_workspace_b(
    client: Client, key_b: str, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    patch(client, key_b, {"name": "B renamed"})
    workspace_a.refresh_from_db()
    workspace_b.refresh_from_db()
    assert (workspace_a.name, workspace_b.name) == ("Shop A", "B renamed")
