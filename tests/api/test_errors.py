"""The API answers every failure in one JSON shape with a 4xx status."""

from django.test import Client

from tests.conftest import bearer


def test_an_unknown_api_path_is_a_json_404(client: Client, key_a: str) -> None:
    response = client.get("/api/v1/no-such-thing", **bearer(key_a))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_an_unversioned_api_path_is_a_json_404(client: Client, db: None) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_the_openapi_schema_documents_the_bearer_scheme(
    client: Client, db: None
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/workspace" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_the_docs_are_served_at_api_docs(client: Client, db: None) -> None:
    response = client.get("/api/docs", follow=True)
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_a_wrong_method_is_a_json_405(client: Client, key_a: str) -> None:
    response = client.delete("/api/v1/workspace", **bearer(key_a))
    assert response.status_code == 405


def test_a_wrong_method_answers_in_json_with_the_allowed_methods(
    client: Client, key_a: str
) -> None:
    response = client.delete("/api/v1/workspace", **bearer(key_a))
    assert response.json() == {"detail": "Method Not Allowed.", "errors": []}
    assert "GET" in response["Allow"]


def test_the_docs_need_nothing_from_the_internet(client: Client, db: None) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
