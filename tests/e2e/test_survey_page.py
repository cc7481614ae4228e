"""The public survey link page in Chromium, answered with the keyboard only."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import Workspace
from cxloop.surveys.models import Response, Survey
from tests.web.test_survey_page import ESTONIAN, nps_survey

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def survey(workspace_a: Workspace) -> Survey:
    return nps_survey(workspace_a)


def focused(page: Page) -> str:
    """The focused element as `name=value` (or its tag and id)."""
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.name ? `${e.name}=${e.value}` : `${e.tagName}#${e.id}`; })()"
        )
    )


def tab_to(page: Page, prefix: str, limit: int = 20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page).startswith(prefix):
            return
    raise AssertionError(f"Tab never reached {prefix}; last was {focused(page)}")


def outline_of_label(page: Page, input_id: str) -> str:
    return str(
        page.evaluate(
            f"getComputedStyle(document.querySelector('label[for={input_id}]'))"
            ".outlineStyle"
        )
    )


def test_the_estonian_link_page_is_answered_with_the_keyboard_only(
    page: Page, live_server: LiveServer, survey: Survey, screenshots: Path
) -> None:
    page.goto(f"{live_server.url}/s/{survey.link_key}?lang=et")
    expect(page.locator("html")).to_have_attribute("lang", "et")
    expect(page.locator("legend")).to_contain_text(ESTONIAN["nps"]["label"])
    assert page.evaluate("document.scripts.length") == 0

    tab_to(page, "q-nps=")
    assert focused(page) == "q-nps=0"
    assert outline_of_label(page, "q-nps-0") == "solid"  # focus is visible
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#q-nps-3")).to_be_checked()
    page.screenshot(path=screenshots / "survey-scale-desktop.png", full_page=True)
    page.keyboard.press("Tab")
    assert focused(page).startswith("BUTTON")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("label[for=q-improve]")).to_contain_text(
        ESTONIAN["improve"]["label"]
    )
    tab_to(page, "q-improve=")
    page.keyboard.type("Kiirem tarne & <b>parem</b> pakend")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Suur aitäh!")
    page.screenshot(path=screenshots / "survey-thanks-desktop.png", full_page=True)
    stored = Response.objects.get()
    assert stored.is_complete
    assert stored.locale == "et"
    assert stored.answers == {
        "nps": 3,
        "improve": "Kiirem tarne & <b>parem</b> pakend",
    }


def test_on_a_phone_the_skip_link_leads_to_a_scale_that_fits_the_screen(
    browser: Browser, live_server: LiveServer, survey: Survey, screenshots: Path
) -> None:
    phone = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="et-EE",
    )
    try:
        page = phone.new_page()
        page.goto(f"{live_server.url}/s/{survey.link_key}")
        expect(page.locator("html")).to_have_attribute("lang", "et")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        smallest = page.evaluate(
            "Math.min(...[...document.querySelectorAll('.scale-point')]"
            ".map(l => Math.min(l.offsetWidth, l.offsetHeight)))"
        )
        assert smallest >= 24  # WCAG 2.5.8 target size

        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert focused(page) == "q-nps=0"
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # nothing chosen yet

        expect(page.locator(".error")).to_be_visible()
        assert focused(page) == "q-nps=0"  # back on the question, not the top
        page.screenshot(path=screenshots / "survey-error-mobile.png", full_page=True)
        page.keyboard.press("ArrowLeft")  # wraps around to 10
        expect(page.locator("#q-nps-10")).to_be_checked()
        page.screenshot(path=screenshots / "survey-scale-mobile.png", full_page=True)
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        expect(page.locator("label[for=q-reason]")).to_contain_text(
            ESTONIAN["reason"]["label"]
        )
        tab_to(page, "q-reason=")
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        expect(page.locator("h1")).to_have_text("Suur aitäh!")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=screenshots / "survey-thanks-mobile.png", full_page=True)
        stored = Response.objects.get()
        assert (stored.nps, stored.is_complete, stored.answers) == (
            10,
            True,
            {"nps": 10},
        )
    finally:
        phone.close()
