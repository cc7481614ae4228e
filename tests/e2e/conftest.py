"""Chromium through Playwright against pytest-django's live server.

The live server runs in a thread of the test process and reads the database
through its own connection, so the people below are created with
`transactional_db` (they override the `db`-based ones of tests/conftest.py).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from cxloop.accounts.models import User, Workspace
from tests import factories

# Playwright's sync API runs an event loop in this thread; Django would
# otherwise refuse the database calls the fixtures make.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests in a row (each gets its own context).

    Launching it takes a second or two; it is closed when the run leaves
    tests/e2e, so no Playwright event loop outlives the browser tests.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def screenshots() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def workspace_a(transactional_db: None) -> Workspace:
    return factories.workspace("shop-a", name="Shop A")


@pytest.fixture
def workspace_b(transactional_db: None) -> Workspace:
    return factories.workspace("shop-b", name="Shop B")


@pytest.fixture
def ada(workspace_a: Workspace) -> User:
    return factories.member(
        workspace_a, "ada@shop-a.example", first_name="Ada", last_name="Admin"
    )


@pytest.fixture
def cleo(workspace_b: Workspace) -> User:
    return factories.member(
        workspace_b, "cleo@shop-b.example", first_name="Cleo", last_name="Other"
    )
