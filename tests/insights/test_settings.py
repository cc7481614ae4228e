"""The workspace's minimum number of answers, set in Settings → Workspace."""

from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.insights import selectors

FORM = {
    "name": "Shop A",
    "default_locale": "en",
    "timezone_name": "Europe/Tallinn",
    "phone_region": "EE",
}


def test_an_admin_sets_the_minimum_number_of_answers(
    client: Client, ada: User, workspace_a: Workspace, workspace_b: Workspace
) -> None:
    client.force_login(ada)
    assert (
        'name="minimum_n" value="30"' in client.get("/app/settings/").content.decode()
    )

    response = client.post("/app/settings/", {**FORM, "minimum_n": "50"})

    assert response.status_code == 302
    assert selectors.minimum_n(workspace=workspace_a) == 50
    assert selectors.minimum_n(workspace=workspace_b) == 30
    assert 'value="50"' in client.get("/app/settings/").content.decode()


def test_a_minimum_out_of_range_saves_nothing(
    client: Client, ada: User, workspace_a: Workspace
) -> None:
    client.force_login(ada)

    response = client.post(
        "/app/settings/", {**FORM, "name": "Renamed", "minimum_n": "0"}
    )

    assert response.status_code == 200
    assert "minimum_n" in response.context["form"].errors
    workspace_a.refresh_from_db()
    assert workspace_a.name == "Shop A"
    assert selectors.minimum_n(workspace=workspace_a) == 30


def test_an_agent_and_another_workspace_cannot_change_it(
    client: Client, ben: User, cleo: User, workspace_a: Workspace
) -> None:
    for person in (ben, cleo):
        client.force_login(person)
        client.post("/app/settings/", {**FORM, "minimum_n": "5"})

    assert selectors.minimum_n(workspace=workspace_a) == 30
