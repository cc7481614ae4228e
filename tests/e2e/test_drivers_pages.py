"""The CX team reads the Irritants and Drivers pages in a real browser."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User, Workspace
from tests.e2e.test_browser import log_in
from tests.textanalysis import topic_factories as f

pytestmark = pytest.mark.browser

EVIL = "<img src=x onerror=window.pwned=1>Late"


def _shop(workspace: Workspace) -> None:
    people = f.customers(workspace, 80)
    late = f.topic(workspace, EVIL)
    box = f.topic(workspace, "Dented box")
    now = timezone.now()
    for index, person in enumerate(people):
        happy = index % 2 == 0
        f.response(
            workspace,
            customer=person,
            csat=5 if happy else 1 + index % 2,
            comment="" if happy else "late",
            topics=() if happy else (late,) if index % 4 == 1 else (box,),
            at=now,
        )
        f.response(
            workspace,
            survey_key="relationship-nps",
            customer=person,
            nps=10 if happy else 2,
            at=now,
        )


def test_the_irritants_page_draws_its_charts_and_keeps_labels_as_text(
    page: Page,
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    screenshots: Path,
) -> None:
    _shop(workspace_a)
    log_in(page, live_server, ada)

    page.goto(f"{live_server.url}/app/irritants/")

    expect(
        page.get_by_role("heading", name="Delivery · CSAT (mean, 1–5)")
    ).to_be_visible()
    chart = page.locator("[data-chart] svg").first
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="Dented box")).to_have_count(1)
    expect(page.locator("table.irritant-table th", has_text=EVIL)).to_be_visible()
    assert page.evaluate("window.pwned") is None
    page.screenshot(path=screenshots / "irritants.png", full_page=True)


def test_the_drivers_page_names_what_to_fix_first(
    page: Page,
    live_server: LiveServer,
    ada: User,
    workspace_a: Workspace,
    screenshots: Path,
) -> None:
    _shop(workspace_a)
    log_in(page, live_server, ada)

    page.goto(f"{live_server.url}/app/drivers/")

    expect(page.locator(".callout")).to_contain_text("Fixing Delivery would raise NPS")
    expect(page.locator("[data-chart] svg")).to_be_visible()
    page.locator("#id_target").select_option("csat")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    expect(page.locator(".empty-state")).to_contain_text("overall CSAT answer")
    page.goto(f"{live_server.url}/app/drivers/")
    page.screenshot(path=screenshots / "drivers.png", full_page=True)
