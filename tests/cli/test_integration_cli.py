"""`cxloop integration add|list`, run as a real subprocess."""

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
