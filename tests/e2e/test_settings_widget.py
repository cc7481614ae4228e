"""Settings → Website widget in a real browser: "Test on this page"."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import log_in
from tests.e2e.test_csp import RECORD_VIOLATIONS

pytestmark = pytest.mark.browser


def test_ada_creates_a_public_key_and_tests_the_widget_on_the_page(
    context: BrowserContext, live_server: LiveServer, ada: User
) -> None:
    context.add_init_script(RECORD_VIOLATIONS)
    page: Page = context.new_page()
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/widget/")
    with page.expect_navigation():
        page.get_by_role("button", name="Create a public key").click()
    expect(page.locator("#widget-snippet")).to_contain_text('data-key="pk_')

    page.get_by_role("button", name="Test on this page").click()

    expect(page.locator("#widget-check-result")).to_contain_text(
        "cxloop answered: the key works"
    )
    # The widget itself is on the page: its Feedback tab in its shadow root.
    expect(page.get_by_role("button", name="Feedback")).to_be_visible()
    assert page.evaluate("window.__violations") == []
    page.screenshot(path=str(ARTIFACTS / "settings-widget.png"), full_page=True)


def test_a_wrong_key_is_reported_as_refused(
    context: BrowserContext, live_server: LiveServer, ada: User
) -> None:
    page = context.new_page()
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/widget/")

    page.locator("#widget-check-key").fill("pk_" + "x" * 32)
    page.get_by_role("button", name="Test on this page").click()
    expect(page.locator("#widget-check-result")).to_contain_text("refused the key")

    page.locator("#widget-check-key").fill("sk_secret")
    page.get_by_role("button", name="Test on this page").click()
    expect(page.locator("#widget-check-result")).to_contain_text("not a public key")
