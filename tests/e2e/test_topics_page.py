"""The Topics page in Chromium: topics found in four languages, one renamed."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User, Workspace
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import log_in
from tests.textanalysis import topic_data
from tests.textanalysis.topic_data import CaptureOnCommit

pytestmark = pytest.mark.browser


def test_an_analyst_sees_discovered_topics_and_renames_one(
    page: Page,
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    topic_data.load(workspace_a, django_capture_on_commit_callbacks)
    log_in(page, live_server, ada)

    page.get_by_role("link", name="Topics").click()
    expect(page.get_by_role("heading", name="Topics", level=1)).to_be_visible()
    topics = page.locator("li.topic")
    expect(topics.first).to_be_visible()
    assert topics.count() >= 3
    expect(page.get_by_text("Topics last discovered")).to_be_visible()
    first = topics.first
    first.locator("summary", has_text="Examples").click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "topics-page.png"), full_page=True)

    first.locator("summary", has_text="Edit topic").click()
    first.get_by_label("Name").fill("Hilinenud tarne")
    first.get_by_role("button", name="Rename").click()

    expect(page.get_by_text("Topic renamed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Hilinenud tarne")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "topics-page-phone.png"), full_page=True)
