"""Every dashboard page acts in the user's own workspace and nowhere else."""

import time
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from cxloop.accounts import services
from cxloop.accounts.models import ApiKey, Membership, User, Workspace
from tests import factories

Login = Callable[[User], Client]

PAGES = [
    "/app/",
    "/app/feedback/",
    "/app/settings/",
    "/app/settings/members/",
    "/app/settings/api-keys/",
]


@pytest.mark.parametrize("url", [*PAGES, "/app/feedback/export.csv"])
def test_dashboard_pages_require_login(client: Client, url: str, db: None) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", PAGES)
def test_cleo_never_sees_workspace_a_on_any_page(
    login: Login, ada: User, cleo: User, workspace_a: Workspace, url: str
) -> None:
    services.apikey_create(workspace=workspace_a, kind="secret", name="A's Shopify key")
    response = login(cleo).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Shop B" in page
    for secret_of_a in (
        "Shop A",
        "shop-a",
        "ada@shop-a.example",
        "A&#x27;s Shopify key",
    ):
        assert secret_of_a not in page


def test_cleo_gets_404_for_workspace_a_members_and_keys(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    key = services.apikey_create(workspace=workspace_a, kind="secret").api_key
    membership = Membership.objects.get(user=ada)
    client = login(cleo)
    assert client.post(f"/app/settings/api-keys/{key.pk}/revoke/").status_code == 404
    assert (
        client.post(f"/app/settings/members/{membership.pk}/remove/").status_code == 404
    )
    assert (
        client.post(
            f"/app/settings/members/{membership.pk}/role/", {"role": "viewer"}
        ).status_code
        == 404
    )
    key.refresh_from_db()
    membership.refresh_from_db()
    assert key.is_active
    assert membership.role == Membership.Role.ADMIN


def test_switching_to_a_workspace_one_is_not_in_changes_nothing(
    login: Login, cleo: User, ada: User
) -> None:
    client = login(cleo)
    client.post("/app/workspace/switch/", {"workspace": "shop-a"})
    page = client.get("/app/").content.decode()
    assert "Shop B" in page
    assert "Shop A" not in page


def test_a_member_of_two_workspaces_switches_between_them(
    login: Login, ada: User, workspace_b: Workspace
) -> None:
    services.membership_add(
        workspace=workspace_b, user=ada, role=Membership.Role.VIEWER
    )
    client = login(ada)
    assert "<h1>Shop A</h1>" in client.get("/app/").content.decode()
    client.post("/app/workspace/switch/", {"workspace": "shop-b"})
    page = client.get("/app/").content.decode()
    assert "<h1>Shop B</h1>" in page
    assert client.get("/app/settings/api-keys/").status_code == 403


def test_an_agent_cannot_open_or_change_api_keys(
    login: Login, ben: User, workspace_a: Workspace
) -> None:
    key = services.apikey_create(workspace=workspace_a, kind="secret").api_key
    client = login(ben)
    assert client.get("/app/settings/api-keys/").status_code == 403
    assert client.post(f"/app/settings/api-keys/{key.pk}/revoke/").status_code == 403
    key.refresh_from_db()
    assert key.is_active


def test_a_user_without_a_workspace_is_told_so(login: Login, db: None) -> None:
    loner = services.user_create(email="loner@example.com", password="x" * 12)
    response = login(loner).get("/app/")
    assert response.status_code == 403
    assert "not in a workspace" in response.content.decode()


def test_an_admin_creates_a_key_that_is_shown_once(login: Login, ada: User) -> None:
    client = login(ada)
    response = client.post(
        "/app/settings/api-keys/", {"name": "Website", "kind": "public"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain == [("/app/settings/api-keys/", 302)]
    key = ApiKey.objects.get(name="Website")
    assert key.kind == "public"
    token = page.split('id="new-key">')[1].split("<")[0]
    assert token.startswith(key.prefix)
    assert token.startswith("pk_")
    assert token not in client.get("/app/settings/api-keys/").content.decode()


def test_an_admin_revokes_a_key_with_htmx(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    key = services.apikey_create(workspace=workspace_a, kind="secret").api_key
    response = login(ada).post(
        f"/app/settings/api-keys/{key.pk}/revoke/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Revoked" in response.content.decode()
    key.refresh_from_db()
    assert not key.is_active


def test_an_admin_invites_a_new_member_who_gets_a_set_password_link(
    login: Login,
    ada: User,
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = login(ada)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            "/app/settings/members/",
            {
                "email": "Mari@Shop-A.example",
                "first_name": "Mari",
                "last_name": "Maasikas",
                "role": "analyst",
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(
        workspace=workspace_a, user__email="mari@shop-a.example"
    )
    assert membership.role == "analyst"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mari@shop-a.example"]
    link = next(word for word in message.body.split() if "/password/reset/" in word)
    path = link.split("testserver", 1)[1]
    client.logout()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {
            "new_password1": "a long new password 42",
            "new_password2": "a long new password 42",
        },
    )
    assert done.status_code == 302
    assert client.login(
        username="mari@shop-a.example", password="a long new password 42"
    )


def test_the_last_admin_cannot_be_demoted_or_removed(login: Login, ada: User) -> None:
    membership = Membership.objects.get(user=ada)
    client = login(ada)
    client.post(f"/app/settings/members/{membership.pk}/role/", {"role": "viewer"})
    client.post(f"/app/settings/members/{membership.pk}/remove/")
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN
    page = client.get("/app/settings/members/").content.decode()
    assert "at least one admin" in page


def test_names_people_type_are_escaped(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    factories.member(
        workspace_a,
        "eve@shop-a.example",
        "viewer",
        first_name="<script>alert(1)</script>",
    )
    services.apikey_create(
        workspace=workspace_a, kind="secret", name="<img src=x onerror=alert(2)>"
    )
    client = login(ada)
    members = client.get("/app/settings/members/").content.decode()
    keys = client.get("/app/settings/api-keys/").content.decode()
    assert "<script>alert(1)" not in members
    assert "&lt;script&gt;alert(1)" in members
    assert "<img src=x" not in keys
    assert "&lt;img src=x" in keys


def test_a_viewer_sees_workspace_settings_read_only(
    login: Login, workspace_a: Workspace, ada: User
) -> None:
    viewer = factories.member(workspace_a, "vic@shop-a.example", "viewer")
    client = login(viewer)
    client.post(
        "/app/settings/",
        {
            "name": "Hijacked",
            "default_locale": "en",
            "timezone_name": "UTC",
            "phone_region": "EE",
        },
    )
    workspace_a.refresh_from_db()
    assert workspace_a.name == "Shop A"
    assert "Only admins" in client.get("/app/settings/").content.decode()


def test_an_admin_changes_workspace_settings(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(
        "/app/settings/",
        {
            "name": "Shop A Ltd",
            "default_locale": "et",
            "timezone_name": "Europe/Riga",
            "phone_region": "lv",
        },
    )
    assert response.status_code == 302
    workspace_a.refresh_from_db()
    assert (
        workspace_a.name,
        workspace_a.default_locale,
        workspace_a.timezone,
        workspace_a.phone_region,
    ) == (
        "Shop A Ltd",
        "et",
        "Europe/Riga",
        "LV",
    )


def test_a_new_key_not_shown_within_two_minutes_is_never_shown(
    login: Login, ada: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(ada)
    client.post("/app/settings/api-keys/", {"name": "Late", "kind": "secret"})
    later = time.time() + 121
    monkeypatch.setattr(time, "time", lambda: later)
    page = client.get("/app/settings/api-keys/").content.decode()
    assert 'id="new-key"' not in page
