"""Settings → Website widget: the snippet, a new public key, allowed websites."""

import html
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cxloop.accounts.models import ApiKey, Membership, User, Workspace
from cxloop.accounts.selectors import apikey_authenticate
from tests import factories

Login = Callable[[User], Client]
URL = "/app/settings/widget/"


@pytest.fixture
def vera(workspace_a: Workspace) -> User:
    return factories.member(workspace_a, "vera@shop-a.example", Membership.Role.VIEWER)


def _snippet(page: str) -> str:
    code = page.split('<code id="widget-snippet">')[1].split("</code>")[0]
    return html.unescape(code)


def test_the_settings_tabs_lead_to_the_widget_page(login: Login, ada: User) -> None:
    page = login(ada).get("/app/settings/").content.decode()
    assert f'href="{reverse("web:settings_widget")}"' in page
    assert reverse("web:settings_widget") == URL


def test_an_admin_creates_a_public_key_and_the_snippet_carries_it_once(
    login: Login, ada: User, workspace_a: Workspace, settings: object
) -> None:
    settings.CXLOOP_BASE_URL = "https://cx.example"  # type: ignore[attr-defined]
    client = login(ada)
    before = client.get(URL).content.decode()
    assert 'data-key="pk_…"' in _snippet(before)
    assert "Create a public key" in before

    response = client.post(URL, {"action": "create-key"})
    assert response.status_code == 302
    page = client.get(URL).content.decode()

    snippet = _snippet(page)
    assert snippet.startswith(
        '<script src="https://cx.example/static/cxloop/widget.js"'
    )
    token = snippet.split('data-key="')[1].split('"')[0]
    assert token.startswith("pk_")
    key = apikey_authenticate(token=token)
    assert key is not None and key.workspace == workspace_a
    assert key.kind == ApiKey.Kind.PUBLIC
    assert 'data-host="https://cx.example"' in snippet
    assert f'value="{token}"' in page  # ready for "Test on this page"
    # Shown once: the next visit has only the placeholder again.
    assert token not in client.get(URL).content.decode()


def test_the_demo_shop_workspace_shows_its_derived_key(login: Login, db: None) -> None:
    from cxloop import demo

    context = demo.DemoContext(workspace=demo._demo_workspace())
    demo.load_team(context)
    demo.load_shop(context)
    admin = User.objects.get(email=demo.ADMIN_EMAIL)

    page = login(admin).get(URL).content.decode()

    assert f'data-key="{demo.shop_public_key()}"' in _snippet(page)
    assert "Create a public key" not in page


def test_an_admin_edits_the_allowed_websites(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    client = login(ada)
    response = client.post(
        URL,
        {"action": "origins", "allowed_origins": "https://shop.example/\nhttps://b.ee"},
    )
    assert response.status_code == 302
    workspace_a.refresh_from_db()
    assert workspace_a.allowed_origins == ["https://shop.example", "https://b.ee"]
    assert "https://b.ee" in client.get(URL).content.decode()


def test_a_bad_website_is_a_form_error_naming_the_field(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(
        URL, {"action": "origins", "allowed_origins": "not a website"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "has-error" in page.split('name="allowed_origins"')[0].rsplit("<div", 1)[1]
    workspace_a.refresh_from_db()
    assert workspace_a.allowed_origins == []


def test_other_roles_read_the_page_but_cannot_change_it(
    login: Login, ben: User, vera: User, workspace_a: Workspace
) -> None:
    for user in (ben, vera):
        client = login(user)
        page = client.get(URL)
        assert page.status_code == 200
        assert "Create a public key" not in page.content.decode()
        assert 'name="allowed_origins"' not in page.content.decode()
        assert client.post(URL, {"action": "create-key"}).status_code == 403
        forbidden = client.post(
            URL, {"action": "origins", "allowed_origins": "https://evil.example"}
        )
        assert forbidden.status_code == 403
    assert not ApiKey.objects.filter(workspace=workspace_a).exists()
    workspace_a.refresh_from_db()
    assert workspace_a.allowed_origins == []


def test_another_workspace_never_sees_or_changes_workspace_a(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    factories.public_key(workspace_a, name="Shop A site")
    login(ada).post(URL, {"action": "origins", "allowed_origins": "https://a.example"})

    client = login(cleo)
    page = client.get(URL).content.decode()
    assert "Shop A site" not in page and "https://a.example" not in page
    client.post(URL, {"action": "create-key"})
    assert ApiKey.objects.filter(workspace=workspace_a).count() == 1
    assert ApiKey.objects.filter(workspace__slug="shop-b").count() == 1


def test_signed_out_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
