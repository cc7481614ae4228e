"""A team scorecard in Chromium over the demo shop: on a desktop and a 390 px
phone, in English and Estonian, it fits, logs no console error and passes
axe; printed, it is one clean A4 page without the dashboard around it."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from cxloop.accounts.models import Membership, Workspace
from cxloop.insights import scorecards
from tests.demo_shop import demo_person
from tests.e2e.test_crawl_browser import PHONE, page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
# A PDF page object; "/Type /Pages" is the tree above them.
PDF_PAGE = re.compile(rb"/Type\s*/Page[^s]")


def test_a_team_scorecard_fits_every_screen_and_prints_on_one_a4_page(
    browser: Browser,
    live_server: LiveServer,
    demo_shop: Workspace,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    team = next(
        entry
        for entry in scorecards.scorecard_list(workspace=demo_shop)
        if entry.kind == "team"
    )
    url = f"{live_server.url}/app/scorecards/team/{quote(team.key)}/"
    client = Client()
    client.force_login(demo_person(Membership.Role.VIEWER))
    problems = {}
    for language in ("en", "et"):
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
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
            shot = screenshots / f"scorecard-{name}-{language}.png"
            found = page_problems(page, url, shot, axe=True)
            if name == "desktop":
                found = [p for p in found if not p.endswith("px wide")]
            if found:
                problems[f"{language} {name}"] = found
            if name == "desktop" and language == "en":
                page.emulate_media(media="print")
                assert not page.locator(".sidebar").is_visible()
                assert not page.locator(".scorecard-filters").is_visible()
                pdf = tmp_path / "scorecard.pdf"
                page.pdf(path=str(pdf), prefer_css_page_size=True)
                assert len(PDF_PAGE.findall(pdf.read_bytes())) == 1
            context.close()

    assert problems == {}
