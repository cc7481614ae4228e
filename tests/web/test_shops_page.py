"""Settings → Shops: an admin connects an e-shop in the dashboard."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
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


@pytest.mark.parametrize(
    "shop", ["<script>alert(1)</script>", "https://pood.ee/", "My coffee shop"]
)
def test_a_shop_that_is_no_host_name_is_refused_naming_the_field(
    login: Login, ada: User, workspace_a: Workspace, shop: str
) -> None:
    response = login(ada).post(
        "/app/settings/shops/", {"platform": "woocommerce", "shop": shop, "secret": ""}
    )
    page = response.content.decode()
    shop_field = page.split('name="shop"')[1].split("</div>")[0]
    assert "Enter the shop&#x27;s domain, e.g. my-shop.myshopify.com." in shop_field
    assert "<script>alert(1)" not in page
    assert not ShopConnection.objects.filter(workspace=workspace_a).exists()


@pytest.mark.parametrize("shop", ["kohvik.ee", "pood.myshopify.com", "localhost:8080"])
def test_a_host_name_is_a_shop(
    login: Login, ada: User, workspace_a: Workspace, shop: str
) -> None:
    login(ada).post(
        "/app/settings/shops/", {"platform": "woocommerce", "shop": shop, "secret": ""}
    )
    assert ShopConnection.objects.get(workspace=workspace_a).shop == shop


def _delivered_at_3_48_utc(workspace: Workspace) -> None:
    connection = services.connection_create(
        workspace=workspace, platform="magento", shop="pood.ee"
    ).connection
    ShopConnection.objects.filter(pk=connection.pk).update(
        last_delivery_at=datetime(2026, 12, 4, 3, 48, tzinfo=UTC)
    )


def test_times_are_shown_in_the_workspace_zone_day_first(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _delivered_at_3_48_utc(workspace_a)  # 05:48 in Tallinn
    page = login(ada).get("/app/settings/shops/").content.decode()
    assert "4 Dec 2026 05:48" in page
    assert "a.m." not in page
    assert "12/04/2026" not in page


def test_in_estonian_times_read_the_estonian_way(
    login: Login, ada: User, workspace_a: Workspace
) -> None:
    _delivered_at_3_48_utc(workspace_a)
    client = login(ada)
    client.post("/i18n/setlang/", {"language": "et", "next": "/app/"})
    page = client.get("/app/settings/shops/").content.decode()
    assert "04.12.2026 05:48" in page
    assert "e.l." not in page
