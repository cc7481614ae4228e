"""Settings → Shops: an admin connects an e-shop in the dashboard."""

from collections.abc import Callable

from django.test import Client

from cxloop.accounts.models import User, Workspace
from cxloop.integrations import services
from cxloop.integrations.models import ShopConnection

Login = Callable[[User], Client]


def test_an_admin_connects_woocommerce_and_sees_the_secret_once(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    client = login(ada)
    response = client.post(
        "/app/settings/shops/",
        {"platform": "woocommerce", "shop": "kohvik.ee", "secret": ""},
        follow=True,
    )

    page = response.content.decode()
    connection = ShopConnection.objects.get(workspace=workspace_a)
    assert connection.shop == "kohvik.ee"
    assert connection.secret in page  # shown this once, to paste into the shop
    assert f"http://testserver/integrations/woocommerce/{workspace_a.slug}/" in page
    again = client.get("/app/settings/shops/").content.decode()
    assert connection.secret not in again
    assert connection.secret_prefix in again


def test_shopify_needs_the_apps_secret_and_says_so(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    response = login(ada).post(
        "/app/settings/shops/", {"platform": "shopify", "secret": ""}
    )

    assert "Paste the client secret of your Shopify app." in response.content.decode()
    assert not ShopConnection.objects.exists()


def test_an_admin_pauses_a_shop_and_other_workspaces_cannot(
    login: Login, ada: User, cleo: User, workspace_a: Workspace
) -> None:
    connection = services.connection_create(
        workspace=workspace_a, platform="magento", shop="pood.ee"
    ).connection

    other = login(cleo).post(
        f"/app/settings/shops/{connection.pk}/active/", {"active": "0"}
    )
    assert other.status_code == 404
    login(ada).post(f"/app/settings/shops/{connection.pk}/active/", {"active": "0"})
    connection.refresh_from_db()
    assert connection.active is False
    assert "pood.ee" not in login(cleo).get("/app/settings/shops/").content.decode()


def test_agents_do_not_manage_shops(login: Login, ben: User) -> None:
    assert login(ben).get("/app/settings/shops/").status_code == 403
