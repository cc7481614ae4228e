"""The API documentation page renders in Chromium, from local files only."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_the_api_docs_render_every_operation_without_a_console_error(
    page: Page, live_server: LiveServer
) -> None:
    errors: list[str] = []
    elsewhere: list[str] = []
    own_host = urlsplit(live_server.url).netloc

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_request(request: Request) -> None:
        # The docs UI is vendored: nothing may come from a CDN.
        if request.url.startswith("http") and urlsplit(request.url).netloc != own_host:
            elsewhere.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", on_request)
    page.on("requestfailed", lambda request: errors.append(f"failed {request.url}"))

    page.goto(f"{live_server.url}/api/docs")
    assert urlsplit(page.url).path == "/api/v1/docs"
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("cxloop API")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/responses").first
    ).to_be_visible()
    expect(page.get_by_text("Parser error")).to_have_count(0)
    expect(page.locator(".errors-wrapper")).to_have_count(0)
    assert operations.count() >= 20
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))

    # The listing of responses opens and shows both of its answers' types.
    page.locator(".opblock-get .opblock-summary-path").filter(
        has_text="/api/v1/responses"
    ).first.click()
    expect(page.locator(".opblock.is-open .responses-table")).to_be_visible()
    assert errors == []
    assert elsewhere == []
