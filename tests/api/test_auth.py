"""Bearer-key authentication: every refusal is JSON with the right status."""

import hashlib

import pytest
from django.test import Client

from cxloop.accounts import services
from cxloop.accounts.models import ApiKey, Workspace
from tests import factories
from tests.conftest import bearer

URL = "/api/v1/workspace"


def assert_error(response: object, status: int, detail_part: str) -> None:
    assert response.status_code == status  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"detail", "errors"}
    assert detail_part in body["detail"]


def test_a_secret_key_reads_its_own_workspace(client: Client, key_a: str) -> None:
    response = client.get(URL, **bearer(key_a))
    assert response.status_code == 200
    assert response.json() == {
        "slug": "shop-a",
        "name": "Shop A",
        "default_locale": "en",
        "timezone": "Europe/Tallinn",
        "phone_region": "EE",
        "allowed_origins": [],
    }


def test_each_key_sees_only_its_own_workspace(
    client: Client, key_a: str, key_b: str
) -> None:
    assert client.get(URL, **bearer(key_a)).json()["slug"] == "shop-a"
    assert client.get(URL, **bearer(key_b)).json()["slug"] == "shop-b"


def test_a_request_without_a_key_gets_401_with_a_hint(client: Client, db: None) -> None:
    response = client.get(URL)
    assert_error(response, 401, "Missing API key")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Basic dXNlcjpwYXNz", "Malformed Authorization header"),
        ("Bearer", "Malformed Authorization header"),
        ("Bearer not-a-key", "Malformed API key"),
        ("Bearer sk_doesnotexist000000000000000000", "Unknown API key"),
    ],
)
def test_a_malformed_or_unknown_key_gets_401(
    client: Client, workspace_a: Workspace, header: str, detail: str
) -> None:
    assert_error(client.get(URL, HTTP_AUTHORIZATION=header), 401, detail)


def test_a_revoked_key_stops_working_at_once(
    client: Client, workspace_a: Workspace
) -> None:
    issued = services.apikey_create(workspace=workspace_a, kind="secret")
    assert client.get(URL, **bearer(issued.token)).status_code == 200
    services.apikey_revoke(api_key=issued.api_key)
    assert_error(client.get(URL, **bearer(issued.token)), 401, "revoked")


def test_a_public_key_is_refused_on_a_secret_route(
    client: Client, workspace_a: Workspace
) -> None:
    token = factories.public_key(workspace_a)
    assert token.startswith("pk_")
    assert_error(client.get(URL, **bearer(token)), 403, "public key")


def test_keys_are_stored_only_as_a_digest(workspace_a: Workspace) -> None:
    issued = services.apikey_create(
        workspace=workspace_a, kind="secret", name="Shopify"
    )
    row = ApiKey.objects.get(pk=issued.api_key.pk)
    stored = " ".join(str(value) for value in row.__dict__.values())
    assert issued.token.startswith("sk_")
    assert issued.token not in stored
    assert row.digest == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token.startswith(row.prefix)
    assert len(row.prefix) < len(issued.token) - 20


def test_using_a_key_records_when_it_was_last_used(
    client: Client, workspace_a: Workspace
) -> None:
    issued = services.apikey_create(workspace=workspace_a, kind="secret")
    assert issued.api_key.last_used_at is None
    client.get(URL, **bearer(issued.token))
    issued.api_key.refresh_from_db()
    assert issued.api_key.last_used_at is not None
