"""The Overview in a real browser: its trend charts draw, and it fits a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User, Workspace
from tests.e2e.test_browser import log_in
from tests.e2e.test_drivers_pages import _shop

pytestmark = pytest.mark.browser


def test_the_overview_draws_a_trend_per_headline_and_fits_a_phone(
    page: Page,
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    screenshots: Path,
) -> None:
    _shop(workspace_a)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, ada)

    page.goto(f"{live_server.url}/app/?period=30")

    for metric in ("nps", "csat"):
        chart = page.locator(f'[data-trend="trend-{metric}"] svg')
        expect(chart).to_be_visible()
    # CES has no answers: no chart, a sentence instead.
    expect(page.locator('[data-metric="ces"] .trend-empty')).to_be_visible()
    expect(page.locator('.heat-cell[data-touchpoint="delivery"]')).to_contain_text(
        "CSAT"
    )
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=screenshots / "overview-phone.png", full_page=True)
    assert width <= 390
    assert errors == []
