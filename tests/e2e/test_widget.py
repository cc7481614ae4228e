"""The widget on a shop page served from another origin than cxloop."""

import shutil
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cxloop.accounts.models import Workspace
from cxloop.surveys import services
from cxloop.surveys.models import ContactPolicy, Response
from tests import factories
from tests.e2e.conftest import ARTIFACTS

# A stand-in for a shop's page, with hostile CSS; never served by cxloop.
SHOP_PAGE = Path(__file__).resolve().parent / "pages" / "widget-test.html"

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return


@pytest.fixture
def shop_origin(tmp_path: Path) -> Iterator[str]:
    """The test shop page on its own port: an origin cxloop does not serve."""
    shutil.copy(SHOP_PAGE, tmp_path / "shop.html")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def widget_key(workspace_a: Workspace) -> str:
    services.survey_create_from_template(
        workspace=workspace_a, template="search_found", key="search-found"
    )
    ContactPolicy.objects.create(
        workspace=workspace_a, quiet_hours_start=None, quiet_hours_end=None
    )
    return factories.public_key(workspace_a)


def wait_for_response(workspace: Workspace) -> Response:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = Response.objects.filter(workspace=workspace, is_complete=True).first()
        if found is not None:
            return found
        time.sleep(0.2)
    raise AssertionError("no complete response arrived")


def test_a_shopper_who_did_not_find_a_product_says_so_in_the_widget(
    page: Page,
    live_server: Any,
    shop_origin: str,
    widget_key: str,
    workspace_a: Workspace,
) -> None:
    page.goto(
        f"{shop_origin}/shop.html?key={widget_key}&host={live_server.url}&lang=et"
    )
    page.click("#login")
    page.fill("#query", "lumelabidas")
    page.press("#query", "Enter")
    card = page.get_by_role("dialog")
    expect(card).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Ei", exact=True).click()
    page.get_by_role("textbox").last.fill(
        "Valget <script>alert(1)</script> labidat polnud"
    )
    page.screenshot(path=str(ARTIFACTS / "widget-shop-card.png"))
    page.get_by_role("button", name="Saada").click()
    response = wait_for_response(workspace_a)
    assert response.survey.key == "search-found"
    assert response.channel == "widget"
    assert response.answers["found"] is False
    assert "<script>" in response.comment
    assert response.customer_ref == {"email": "mari@example.ee"}
    assert response.context == {"query": "lumelabidas", "results": 1}
    assert Response.objects.filter(workspace=workspace_a).count() == 1


def test_the_demo_shop_asks_what_stopped_a_shopper_who_abandons_checkout(
    page: Page, live_server: Any, transactional_db: None
) -> None:
    from cxloop import demo

    context = demo.DemoContext(workspace=demo._demo_workspace())
    for name, step in demo.STEPS:
        if name not in ("responses", "orders", "visits"):
            step(context)

    page.goto(f"{live_server.url}/demo/shop")
    page.get_by_role("button", name="Lisa korvi").first.click()
    page.get_by_role("button", name="Katkesta ost").click()
    card = page.get_by_role("dialog")
    expect(card).to_be_visible(timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "demo-shop-card.png"))
    card.get_by_role("button", name="Tarnekulud").click()
    card.get_by_role("button", name="Saada").click()
    response = wait_for_response(context.workspace)
    assert response.survey.key == "checkout-abandonment"
    assert response.channel == "widget"
    assert "shipping" in str(response.answers)
