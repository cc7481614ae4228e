"""The CX manager reads the CX and business page in a real browser."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User, Workspace
from tests.e2e.test_browser import log_in
from tests.insights import linkage_factories as f

pytestmark = pytest.mark.browser


def _shop(workspace: Workspace) -> None:
    """40 promoters who spent 50 each after answering, 40 detractors who
    spent 10 each: every NPS band but the passives has enough customers."""
    answered = timezone.now() - timedelta(days=150)
    for index in range(80):
        who = f.customer(workspace)
        promoter = index % 2 == 0
        f.answer(workspace, who, at=answered, nps=10 if promoter else 3)
        spend = "50.00" if promoter else "10.00"
        f.order(workspace, who, answered + timedelta(days=20), spend)


def test_the_page_draws_revenue_per_band_with_its_interval_and_the_point_value(
    page: Page,
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    screenshots: Path,
) -> None:
    _shop(workspace_a)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server, ada)

    page.goto(f"{live_server.url}/app/insights/business/")

    chart = page.locator("[data-band-chart='nps-chart'] svg")
    expect(chart).to_be_visible()
    # Bars carry their values as text: the chart reads without colour.
    expect(chart.locator("text", has_text="50")).not_to_have_count(0)
    expect(chart.locator("text", has_text="Promoters (9–10), n = 40")).to_have_count(1)
    expect(page.locator(".callout")).to_contain_text("promoters spent 40.00 EUR more")
    expect(page.locator(".callout")).to_contain_text("0.20 EUR")
    assert errors == []
    page.screenshot(path=screenshots / "business.png", full_page=True)
