"""`cxloop integration add|list|sync`, run as a real subprocess."""

import json
from pathlib import Path

from tests.integrations.magento_rest import TOKEN as MAGENTO_TOKEN
from tests.integrations.magento_rest import FakeMagento
from tests.integrations.woo_rest import KEY as REST_KEY
from tests.integrations.woo_rest import SECRET as REST_SECRET
from tests.integrations.woo_rest import FakeShop
from tests.processes import cli, cli_ok

SECRET = "shpss_cli0123456789abcdef0123456789"


def test_integration_add_prints_the_webhook_url_to_paste_into_the_shop(
    migrated_env: dict[str, str], shop: str
) -> None:
    done = cli_ok(
        migrated_env,
        "integration",
        "add",
        "shopify",
        "--workspace",
        shop,
        "--secret",
        SECRET,
        "--base-url",
        "https://cx.example.com/",
    )
    assert (
        done.stdout == f"https://cx.example.com/integrations/shopify/{shop}/webhook\n"
    )
    assert "paste the URL" in done.stderr
    listing = cli_ok(migrated_env, "integration", "list", "--workspace", shop)
    assert SECRET not in listing.stdout
    assert "shopify\t-\tshps…\tactive\tnever" in listing.stdout


def test_integration_add_makes_a_woocommerce_secret_and_shows_it_once(
    migrated_env: dict[str, str], shop: str
) -> None:
    done = cli_ok(
        migrated_env, "integration", "add", "woocommerce", "--workspace", shop
    )
    url, secret = done.stdout.splitlines()
    assert url.endswith(f"/integrations/woocommerce/{shop}/webhook")
    assert len(secret) >= 40
    listing = cli_ok(migrated_env, "integration", "list", "--workspace", shop)
    assert secret not in listing.stdout


def test_integration_add_refuses_shopify_without_its_secret(
    migrated_env: dict[str, str], shop: str
) -> None:
    done = cli(migrated_env, "integration", "add", "shopify", "--workspace", shop)
    assert done.returncode == 1
    assert "client secret" in done.stderr
    assert done.stdout == ""


def test_integration_sync_reads_the_shops_changed_orders_with_its_rest_key(
    migrated_env: dict[str, str], shop: str, fake_shop: FakeShop, shared_data: Path
) -> None:
    order = json.loads(
        (shared_data / "ecommerce-webhooks/woocommerce/order_updated.json").read_bytes()
    )
    fake_shop.orders = [order]
    env = {**migrated_env, "CXLOOP_SHOP_REST_SECRET": REST_SECRET}
    cli_ok(
        env,
        "integration",
        "add",
        "woocommerce",
        "--workspace",
        shop,
        "--rest-url",
        fake_shop.url,
        "--rest-key",
        REST_KEY,
    )

    done = cli_ok(
        migrated_env,
        "integration",
        "sync",
        "woocommerce",
        "--workspace",
        shop,
        "--since",
        "2017-03-01T00:00:00",
    )
    again = cli_ok(
        migrated_env, "integration", "sync", "woocommerce", "--workspace", shop
    )

    assert "\tread 1\tnew 1\tknown 0\tsynced up to 2017-03-22T19:30:35+00:00" in (
        done.stdout
    )
    assert "\tread 1\tnew 0\tknown 1\t" in again.stdout
    assert fake_shop.requests[-1]["modified_after"] == "2017-03-22T19:25:35"
    listing = cli_ok(migrated_env, "integration", "list", "--workspace", shop)
    assert REST_SECRET not in listing.stdout + done.stdout + done.stderr


def test_integration_sync_without_a_rest_key_says_what_is_missing(
    migrated_env: dict[str, str],
) -> None:
    cli_ok(migrated_env, "workspace", "create", "keyless-shop")
    cli_ok(
        migrated_env, "integration", "add", "woocommerce", "--workspace", "keyless-shop"
    )
    done = cli(
        migrated_env,
        "integration",
        "sync",
        "woocommerce",
        "--workspace",
        "keyless-shop",
    )
    assert done.returncode == 1
    assert "REST API key" in done.stderr


def test_integration_rest_key_gives_an_existing_connection_its_key(
    migrated_env: dict[str, str],
) -> None:
    workspace = "rest-key-shop"
    cli_ok(migrated_env, "workspace", "create", workspace)
    cli_ok(migrated_env, "integration", "add", "woocommerce", "--workspace", workspace)
    listing = cli_ok(migrated_env, "integration", "list", "--workspace", workspace)
    connection = listing.stdout.split("\t")[0]

    done = cli_ok(
        {**migrated_env, "CXLOOP_SHOP_REST_SECRET": REST_SECRET},
        "integration",
        "rest-key",
        connection,
        "--workspace",
        workspace,
        "--rest-url",
        "https://shop.example.com",
        "--rest-key",
        REST_KEY,
    )

    assert f"Connection {connection} syncs with ck_0123…" in done.stderr
    assert REST_KEY not in done.stdout + done.stderr
    cli_ok(migrated_env, "workspace", "create", "other-rest-key-shop")
    refused = cli(
        migrated_env,
        "integration",
        "rest-key",
        connection,
        "--workspace",
        "other-rest-key-shop",
        "--rest-url",
        "https://shop.example.com",
        "--rest-key",
        REST_KEY,
        "--rest-secret",
        REST_SECRET,
    )
    assert refused.returncode == 1  # another workspace's connection: not found
    assert "No such shop connection" in refused.stderr


def test_integration_sync_magento_reads_the_orders_updated_with_its_token(
    migrated_env: dict[str, str], fake_magento: FakeMagento, shared_data: Path
) -> None:
    workspace = "magento-sync-shop"
    cli_ok(migrated_env, "workspace", "create", workspace)
    order = json.loads(
        (
            shared_data / "ecommerce-webhooks/magento2/order_get_V1_orders_3.json"
        ).read_bytes()
    )
    fake_magento.orders = [order]
    cli_ok(
        migrated_env,
        "integration",
        "add",
        "magento",
        "--workspace",
        workspace,
        "--rest-url",
        fake_magento.url,
        "--rest-key",
        MAGENTO_TOKEN,
    )

    done = cli_ok(
        migrated_env,
        "integration",
        "sync",
        "magento",
        "--workspace",
        workspace,
        "--since",
        "2017-08-01T00:00:00",
    )
    again = cli_ok(
        migrated_env, "integration", "sync", "magento", "--workspace", workspace
    )

    assert "\tread 1\tnew 1\tknown 0\tsynced up to 2017-08-21T22:22:20+00:00" in (
        done.stdout
    )
    assert "\tread 1\tnew 0\tknown 1\t" in again.stdout
    where = "searchCriteria[filter_groups][0][filters][0][value]"
    assert fake_magento.requests[-1][where] == "2017-08-21 22:17:20"
    assert MAGENTO_TOKEN not in done.stdout + done.stderr


def test_integration_sync_magento_without_a_token_says_what_is_missing(
    migrated_env: dict[str, str],
) -> None:
    cli_ok(migrated_env, "workspace", "create", "tokenless-magento")
    cli_ok(
        migrated_env,
        "integration",
        "add",
        "magento",
        "--workspace",
        "tokenless-magento",
    )
    done = cli(
        migrated_env,
        "integration",
        "sync",
        "magento",
        "--workspace",
        "tokenless-magento",
    )
    assert done.returncode == 1
    assert "Magento access token" in done.stderr
