"""An admin connects a shop in the browser and gets what to paste into it."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.browser


def test_an_admin_connects_woocommerce(
    page: Page, live_server: LiveServer, ada: User, screenshots: Path
) -> None:
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/shops/")
    page.get_by_label("Platform").select_option("woocommerce")
    page.locator("#id_shop").fill("kohvik.ee")
    page.get_by_role("button", name="Connect").click()

    expect(page.locator("#new-secret")).to_be_visible()
    expect(page.locator(".webhook-url")).to_contain_text(
        "/integrations/woocommerce/shop-a/webhook"
    )
    page.screenshot(path=screenshots / "settings-shops.png", full_page=True)
