"""The survey builder in Chromium: edit a question, see it in the preview."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cxloop.accounts.models import User, Workspace
from cxloop.surveys import services
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.browser


def test_ada_rewords_a_question_in_estonian_and_the_preview_shows_it(
    page: Page, live_server: Any, ada: User, workspace_a: Workspace
) -> None:
    services.survey_create_from_template(
        workspace=workspace_a, template="search_found", key="search-found"
    )
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/surveys/")
    page.get_by_role("link", name="Did you find what you were looking for?").click()
    page.get_by_role("link", name="Estonian").click()
    page.locator("[name='q-0-label']").fill("Kas leidsite otsitava üles?")
    page.screenshot(path=str(ARTIFACTS / "survey-builder.png"), full_page=True)
    page.get_by_role("button", name="Save survey").click()

    expect(page.locator(".flash").first).to_contain_text("Survey saved")
    preview = page.frame_locator("iframe")
    expect(preview.get_by_text("Kas leidsite otsitava üles?")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "survey-builder-saved.png"), full_page=False)
