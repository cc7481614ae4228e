"""Under the strict Content-Security-Policy, in a real browser: no page breaks
a rule, charts still draw, HTMX and the small behaviours still work."""

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import ApiKey, Membership, User, Workspace
from cxloop.surveys import services as survey_services
from tests import factories
from tests.e2e.test_browser import log_in
from tests.e2e.test_drivers_pages import _shop
from tests.e2e.test_widget import wait_for_response
from tests.web.test_csp import DASHBOARD

pytestmark = pytest.mark.browser

PAGES = DASHBOARD  # the same main pages as the policy header test

# Runs before any page script, in every page and frame of the context.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
                          ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


@pytest.fixture
def watched(context: BrowserContext) -> tuple[Page, list[str]]:
    """A page that records policy violations and console errors."""
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def _violations(page: Page) -> list[str]:
    found: Any = page.evaluate("window.__violations || []")
    return list(found)


def _assert_clean(page: Page, errors: list[str], path: str) -> None:
    assert _violations(page) == [], path
    assert [e for e in errors if "Content Security Policy" in e] == [], path
    assert errors == [], path


def test_every_main_page_loads_without_a_policy_violation(
    watched: tuple[Page, list[str]],
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    screenshots: Path,
) -> None:
    page, errors = watched
    _shop(workspace_a)
    log_in(page, live_server, ada)
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert "script-src 'self';" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        _assert_clean(page, errors, path)

    page.goto(f"{live_server.url}/app/irritants/")
    chart = page.locator("[data-chart] svg").first
    expect(chart).to_be_visible()
    # Sized from data-height, not from a style attribute.
    sizes = page.locator("[data-chart]").first.evaluate(
        "e => [e.offsetHeight, Number(e.dataset.height)]"
    )
    assert sizes[0] == sizes[1] > 50
    page.goto(f"{live_server.url}/app/drivers/")
    expect(page.locator("[data-chart] svg")).to_be_visible()
    page.screenshot(path=screenshots / "csp-drivers.png", full_page=True)
    _assert_clean(page, errors, "charts")


def test_htmx_and_the_page_behaviours_work_under_the_policy(
    watched: tuple[Page, list[str]], live_server: LiveServer, ada: User
) -> None:
    page, errors = watched
    token = factories.secret_key(ada.memberships.get().workspace, name="Old sync")
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, ada)

    # HTMX: revoking swaps the row in place.
    page.goto(f"{live_server.url}/app/settings/api-keys/")
    row = page.locator("tbody tr", has_text=token[:11])
    row.get_by_role("button", name="Revoke").click()
    expect(row.locator(".badge-revoked")).to_have_text("Revoked")
    assert ApiKey.objects.get(prefix=token[:11]).revoked_at is not None

    # The language select submits itself (app.js, no onchange attribute).
    with page.expect_navigation():
        page.locator("#language-select").select_option("et")
    expect(page.locator("html")).to_have_attribute("lang", "et")

    # The phone menu opens from app.js too.
    page.set_viewport_size({"width": 390, "height": 800})
    toggle = page.locator(".menu-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#sidebar")).to_have_class("sidebar open")
    _assert_clean(page, errors, "behaviours")


def test_a_survey_page_is_answered_without_a_policy_violation(
    watched: tuple[Page, list[str]], live_server: LiveServer, workspace_a: Workspace
) -> None:
    page, errors = watched
    survey = survey_services.survey_create_from_template(
        workspace=workspace_a, template="delivery_csat", key="delivery-csat"
    )
    page.goto(f"{live_server.url}/s/{survey.link_key}?lang=en")
    expect(page.locator("form")).to_be_visible()
    _assert_clean(page, errors, "/s/")


class StrictShop(SimpleHTTPRequestHandler):
    """A shop page on its own origin with a strict policy of its own."""

    host = ""
    key = ""

    def do_GET(self) -> None:  # noqa: N802 - the handler's API
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>Strict shop</title></head><body><h1>Strict shop</h1>"
            f'<script src="{self.host}/static/cxloop/widget.js" '
            f'data-key="{self.key}" data-host="{self.host}" async></script>'
            "</body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; script-src {self.host}; connect-src {self.host}; "
            "style-src 'self'; img-src 'self'; base-uri 'none'",
        )
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


def test_the_widget_works_on_a_shop_with_a_strict_policy_of_its_own(
    watched: tuple[Page, list[str]], live_server: LiveServer, workspace_a: Workspace
) -> None:
    page, errors = watched
    handler = type(
        "Shop",
        (StrictShop,),
        {"host": live_server.url, "key": factories.public_key(workspace_a)},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.get_by_role("button", name="Feedback").click()
        page.get_by_role("button", name="4 / 5").click()
        page.get_by_role("button", name="Send").click()
        response = wait_for_response(workspace_a)
        assert (response.survey.key, response.rating) == ("feedback", 4)
        _assert_clean(page, errors, "strict shop")
    finally:
        server.shutdown()


def test_the_api_docs_still_run_under_their_own_policy(
    watched: tuple[Page, list[str]], live_server: LiveServer
) -> None:
    page, errors = watched
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None
    assert "script-src 'self';" in response.headers["content-security-policy"]
    # Swagger UI's scripts ran and drew the page. (What it draws is not this
    # test's business: the schema's own problems show up as console errors.)
    expect(page.locator("#swagger-ui .swagger-ui")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_a_form_that_asks_first_is_sent_only_after_a_yes(
    watched: tuple[Page, list[str]], live_server: LiveServer, ada: User
) -> None:
    page, errors = watched
    workspace = ada.memberships.get().workspace
    factories.member(workspace, "mia@shop-a.example", Membership.Role.VIEWER)
    answers = [False, True]
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        if answers.pop(0):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/settings/members/")
    row = page.locator("tr", has_text="mia@shop-a.example")

    row.get_by_role("button", name="Remove").click()
    page.wait_for_timeout(300)
    assert workspace.memberships.filter(user__email="mia@shop-a.example").exists()

    with page.expect_navigation():
        row.get_by_role("button", name="Remove").click()
    assert not workspace.memberships.filter(user__email="mia@shop-a.example").exists()
    assert len(questions) == 2 and "mia@shop-a.example" in questions[0]
    _assert_clean(page, errors, "confirm")
