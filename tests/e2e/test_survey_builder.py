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


@pytest.mark.parametrize("width", [1280, 390])
def test_a_very_long_survey_name_leaves_every_column_on_the_table(
    page: Page, live_server: Any, ada: User, workspace_a: Workspace, width: int
) -> None:
    # The longest names a survey may have: one with no space to break at,
    # one of many words.
    unbroken = "Klienditagasisideküsitlus" * 8
    wordy = ("Kuidas jäite rahule meie tarne ja pakendiga " * 5)[:200].strip()
    for key, name in (("unbroken", unbroken[:200]), ("wordy", wordy)):
        services.survey_create(
            workspace=workspace_a,
            key=key,
            name=name,
            questions=[services.QuestionSpec(key="text", type="text", texts={})],
        )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/surveys/")
    page.screenshot(path=str(ARTIFACTS / f"survey-list-{width}.png"), full_page=True)

    link = page.locator("a.survey-name[href='/app/surveys/unbroken/']")
    expect(link).to_have_attribute("title", unbroken[:200])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("table.survey-table").bounding_box()
    wrap = page.locator("table.survey-table").locator("..").bounding_box()
    assert table is not None and wrap is not None
    assert table["width"] <= wrap["width"] + 1  # nothing to scroll sideways
    # A phone leaves out where and how a survey is asked; the rest stays.
    columns = ["Status", "Responses"]
    columns += ["Touchpoint", "Asked"] if width >= 1280 else []
    for column in columns:
        header = page.get_by_role("columnheader", name=column).bounding_box()
        assert header is not None
        assert header["x"] + header["width"] <= wrap["x"] + wrap["width"] + 1
    name_box = link.bounding_box()
    assert name_box is not None
    assert name_box["height"] < 60  # two lines at most
