"""The cases' Recovery page in Chromium over the demo shop's year of cases:
on a desktop and on a 390 px phone, in English and Estonian, it fits the
screen, logs no console error (the page sends a strict CSP) and passes axe."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import Membership, Workspace
from tests.demo_shop import demo_person, demo_shop  # noqa: F401  (a fixture)
from tests.e2e.test_crawl_browser import PHONE, page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def test_the_recovery_page_fits_a_desktop_and_a_phone_and_passes_axe(
    browser: Browser,
    live_server: LiveServer,
    demo_shop: Workspace,  # noqa: F811
    screenshots: Path,
) -> None:
    # One test for both languages: a transactional test empties the database
    # after it, the module's demo with it.
    client = Client()
    client.force_login(demo_person(Membership.Role.ANALYST))
    problems = {}
    for language, name, viewport in (
        (language, name, viewport)
        for language in ("en", "et")
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE))
    ):
        context = browser.new_context(viewport=viewport, locale=language)
        context.add_cookies(
            [
                {"name": key, "value": value, "url": live_server.url}
                for key, value in (
                    ("sessionid", client.cookies["sessionid"].value),
                    ("django_language", language),
                )
            ]
        )
        page = context.new_page()
        # The small demo's cases are spread over a year: all of them.
        year = f"?since={timezone.localdate() - timedelta(days=364)}"
        for query in (year, f"{year}&group_by=touchpoint"):
            url = f"{live_server.url}/app/cases/recovery/{query}"
            grouped = "-touchpoint" if "group_by" in query else ""
            shot = f"recovery-{name}-{language}{grouped}.png"
            found = page_problems(page, url, screenshots / shot, axe=True)
            if name == "phone":
                # page_problems measures the page against the phone's width.
                problems.update({f"{language} {name} {query}": found} if found else {})
            elif found := [p for p in found if not p.endswith("px wide")]:
                problems[f"{language} {name} {query}"] = found
            page.screenshot(
                path=screenshots / shot.replace(".png", "-full.png"), full_page=True
            )
        context.close()

    assert problems == {}
