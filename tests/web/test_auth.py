from django.test import Client

from cxloop.accounts.models import User
from tests.factories import PASSWORD


def test_a_person_logs_in_with_email_and_lands_on_the_dashboard(
    client: Client, ada: User
) -> None:
    response = client.post(
        "/login/", {"username": "ADA@shop-a.example", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/app/"
    assert "Shop A" in response.content.decode()


def test_a_wrong_password_shows_an_error_and_no_session(
    client: Client, ada: User
) -> None:
    response = client.post(
        "/login/", {"username": "ada@shop-a.example", "password": "nope"}
    )
    assert response.status_code == 200
    assert "correct" in response.content.decode().lower()
    assert client.get("/app/").status_code == 302


def test_logging_out_ends_the_session(client: Client, ada: User) -> None:
    client.force_login(ada)
    client.post("/logout/")
    assert client.get("/app/").status_code == 302


def test_the_ui_language_can_be_switched_to_estonian(client: Client, ada: User) -> None:
    client.force_login(ada)
    client.post("/i18n/setlang/", {"language": "et", "next": "/app/"})
    page = client.get("/app/").content.decode()
    assert '<html lang="et">' in page


def test_health_reports_the_database(client: Client, db: None) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
