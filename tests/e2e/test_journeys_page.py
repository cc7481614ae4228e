"""The Journeys page in a browser: the map, where visitors leave, a funnel."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import User, Workspace
from cxloop.journeys import services
from tests.e2e.test_browser import log_in

pytestmark = pytest.mark.browser

VISITS = {
    # session: (type, seconds after its start, page path)
    "bounce-1": [("page_view", 0, "/tarne")],
    "bounce-2": [("page_view", 0, "/tarne"), ("page_view", 3, "/tarne")],
    "reader": [
        ("page_view", 0, "/"),
        ("search", 40, ""),
        ("product_viewed", 70, "/kohvimasin-x"),
    ],
    "buyer": [
        ("page_view", 0, "/"),
        ("search", 20, ""),
        ("product_viewed", 50, "/kohvimasin-x"),
        ("cart_added", 110, ""),
        ("checkout_started", 200, ""),
        ("order_placed", 320, ""),
    ],
}


@pytest.fixture
def visits(workspace_a: Workspace) -> None:
    start = timezone.now() - timedelta(hours=2)
    services.event_ingest(
        workspace=workspace_a,
        events=[
            services.EventInput(
                event_id=f"{session}-{n}",
                type=kind,
                session_id=session,
                properties={"path": path, "device": "mobile"} if path else {},
                occurred_at=start + timedelta(seconds=seconds),
            )
            for session, steps in VISITS.items()
            for n, (kind, seconds, path) in enumerate(steps)
        ],
    )


def test_the_journeys_page_shows_where_visitors_leave(
    page: Page, live_server: LiveServer, ada: User, visits: None, screenshots: Path
) -> None:
    log_in(page, live_server, ada)
    page.goto(f"{live_server.url}/app/journeys/")

    leave = page.locator("section", has=page.locator("#exits-heading"))
    expect(leave).to_contain_text("3 of 4 sessions ended without an order.")
    expect(leave).to_contain_text("50 % left within 10 seconds of arriving.")
    expect(leave.locator("tbody tr").first).to_contain_text("/tarne")
    visit = page.locator('[data-touchpoint="site_visit"]')
    expect(visit).to_contain_text("Average time here")
    page.screenshot(path=screenshots / "journeys.png", full_page=True)


def test_the_journeys_page_fits_a_phone(
    page: Page, live_server: LiveServer, ada: User, visits: None, screenshots: Path
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, ada)
    steps = "search, product_viewed, cart_added, checkout_started, order_placed"
    page.goto(
        f"{live_server.url}/app/journeys/?steps={steps}&per=session&days=30"
        "&split_by=device"
    )
    expect(page.locator(".funnel-table")).to_contain_text("checkout_started")
    page.screenshot(path=screenshots / "journeys-390.png", full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The map, the exits and the funnel's own figures need no sideways scroll.
    for selector in (".journey-map", ".exits-table", ".funnel-table"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
